package dev.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
import dev.switchboard.e2e.browser.Person;
import dev.switchboard.e2e.browser.Persons;
import dev.switchboard.e2e.http.Http;
import dev.switchboard.e2e.platform.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness itself: the platform is up and wired together, and a browser reaches the dashboard and Keycloak. */
@E2eTest
class PlatformIT {

    @Test
    void every_service_and_keycloak_is_up(Platform platform) {
        for (String service : Platform.SERVICES) {
            JsonNode health = Http.anonymous().getJson(platform.managementUrl(service) + "/q/health");
            assertThat(health.path("status").asText()).as(service + " health").isEqualTo("UP");
        }
        JsonNode discovery = Http.anonymous().getJson(platform.realmUrl() + "/.well-known/openid-configuration");
        assertThat(discovery.path("issuer").asText()).isEqualTo(platform.realmUrl());
    }

    @Test
    void the_gateway_serves_the_echo_models_of_the_fake_provider(Platform platform) {
        JsonNode models = Http.anonymous().getJson(platform.gatewayUrl() + "/api/v1/models");
        List<String> ids = new ArrayList<>();
        models.path("data").forEach(model -> ids.add(model.path("id").asText()));
        assertThat(ids).contains("switchboard/echo");

        // the official OpenAI SDK for Java, as the journey tests use it
        OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(platform.gatewayUrl() + "/api/v1").apiKey("sk-unused").build();
        try {
            assertThat(openAi.models().list().autoPager().stream().map(Model::id)).contains("switchboard/echo");
        } finally {
            openAi.close();
        }
    }

    @Test
    void keycloak_knows_the_web_at_its_test_address(Platform platform) {
        JsonNode web = platform.keycloak().admin().client("web");
        assertThat(web.path("rootUrl").asText()).isEqualTo(platform.webUrl());
        assertThat(web.path("redirectUris").toString()).contains(platform.webUrl() + "/*");
    }

    @Test
    void a_browser_opens_the_dashboard(Platform platform, Persons persons) {
        Person visitor = persons.open("visitor");
        Page page = visitor.open("/");

        assertThat(page.url()).startsWith(platform.webUrl());
        assertThat(page.title()).contains("Switchboard");
        Path screenshot = visitor.screenshot("platform-dashboard");
        assertThat(screenshot).isNotEmptyFile();
    }

    @Test
    void a_person_signs_up_in_the_browser_and_the_services_accept_their_token(Platform platform, Persons persons) {
        Person ann = persons.open("ann");
        ann.signUp("Ann", "Example");
        assertThat(ann.page().url()).startsWith(platform.webUrl());
        ann.screenshot("platform-signed-up");

        // the services accept a token of the person the browser registered
        JsonNode me = Http.bearer(ann.accessToken()).getJson(platform.accountsUrl() + "/me");
        assertThat(me.toString()).contains(ann.email());

        ann.logOut();
        assertThat(ann.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log in")).count()).isPositive();
        ann.logIn();
        assertThat(ann.page().url()).startsWith(platform.webUrl());
        ann.screenshot("platform-logged-in-again");
    }
}
