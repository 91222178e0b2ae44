package dev.switchboard.e2e.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.switchboard.e2e.E2eTest;
import dev.switchboard.e2e.browser.Person;
import dev.switchboard.e2e.browser.Persons;
import dev.switchboard.e2e.http.Http;
import dev.switchboard.e2e.platform.Platform;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /models end to end: the dashboard lists exactly the models the gateway serves, at the gateway's prices (its
 * {@code /api/v1/models} quotes USD per token, the page USD per million tokens); search and provider filters; a
 * model's page lists its endpoints as the gateway's endpoints API does; an unknown model is a 404.
 */
@E2eTest
class ModelsIT {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private static BigDecimal dollars(String text) {
        assertThat(text).startsWith("$");
        return new BigDecimal(text.substring(1).replace(",", ""));
    }

    /** A price cell: "$1.25", or a range "$0.50–$1.25" for a model whose providers charge differently. */
    private static void assertPriceCell(String text, BigDecimal gatewayPrice, String what) {
        String[] ends = text.split("–");
        BigDecimal low = dollars(ends[0].strip());
        BigDecimal high = dollars(ends[ends.length - 1].strip());
        if (ends.length == 1) {
            assertThat(low).as(what).isEqualByComparingTo(gatewayPrice);
        } else {
            // the models API prices a model at its first endpoint; the page shows the range over all of them
            assertThat(low).as(what).isLessThan(high);
            assertThat(gatewayPrice).as(what).isBetween(low, high);
        }
    }

    private static List<String> rowModels(Page page) {
        return page.locator("[data-testid=model-row]").all().stream().map(r -> r.getAttribute("data-model")).toList();
    }

    @Test
    void the_catalog_is_the_gateways_at_its_prices(Platform platform, Persons persons) {
        Person eve = persons.open("eve").signUp("Eve", "Models");
        Map<String, JsonNode> served = new HashMap<>();
        for (String list : List.of("/api/v1/models", "/api/v1/embeddings/models")) {
            Http.anonymous().getJson(platform.gatewayUrl() + list).path("data").forEach(m -> served.put(m.path("id").asText(), m));
        }
        assertThat(served).containsKeys("switchboard/echo", "switchboard/echo-anthropic", "switchboard/echo-gemini", "switchboard/echo-embed");

        Page page = eve.open("/models");
        assertThat(page.locator("[data-testid=models]").isVisible()).isTrue();
        assertThat(rowModels(page)).containsExactlyInAnyOrderElementsOf(served.keySet());
        for (String id : served.keySet()) {
            JsonNode pricing = served.get(id).path("pricing");
            Locator row = page.locator("[data-testid=model-row][data-model='" + id + "']");
            assertPriceCell(row.locator("[data-testid=prompt-price]").innerText(),
                    new BigDecimal(pricing.path("prompt").asText()).multiply(MILLION), id + " prompt");
            assertPriceCell(row.locator("[data-testid=completion-price]").innerText(),
                    new BigDecimal(pricing.path("completion").asText()).multiply(MILLION), id + " completion");
            assertThat(row.locator("[data-testid=context]").innerText().replace(",", ""))
                    .isEqualTo(served.get(id).path("context_length").asText());
        }
        Locator echo = page.locator("[data-testid=model-row][data-model='switchboard/echo']");
        assertThat(echo.locator("[data-testid=prompt-price]").innerText()).isEqualTo("$1.25");
        assertThat(echo.locator("[data-testid=completion-price]").innerText()).isEqualTo("$3.75");
        assertThat(echo.locator("[data-testid=providers]").innerText()).contains("Switchboard Fake (OpenAI format)");
        assertThat(page.locator("[data-testid=model-row][data-model='switchboard/echo-embed'] [data-testid=prompt-price]").innerText())
                .isEqualTo("$0.01875");
        // no test calls this model, so nothing was measured (the gateway writes endpoint_health for the models it serves)
        assertThat(page.locator("[data-testid=model-row][data-model='switchboard/echo-routed']").innerText()).contains("no data");
        eve.screenshot("models-list");

        // search by text, then by provider, both in the URL
        page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true)).fill("anthropic");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        page.waitForURL(url -> url.contains("q=anthropic"));
        assertThat(rowModels(page)).containsExactly("switchboard/echo-anthropic");
        page.navigate(platform.webUrl() + "/models");
        page.getByLabel("Provider", new Page.GetByLabelOptions().setExact(true)).selectOption("fake-gemini");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        page.waitForURL(url -> url.contains("provider=fake-gemini"));
        assertThat(rowModels(page)).containsExactly("switchboard/echo-gemini");
        page.navigate(platform.webUrl() + "/models?q=no-such-model");
        assertThat(page.locator("[data-testid=no-models]").isVisible()).isTrue();
        assertThat(page.navigate(platform.webUrl() + "/models?q=" + "x".repeat(201)).status()).isEqualTo(400);
        assertThat(page.locator("[data-testid=search-error]").innerText()).contains("at most 200 characters");
    }

    @Test
    void a_models_page_lists_its_endpoints_and_an_unknown_model_is_404(Platform platform, Persons persons) {
        Person fay = persons.open("fay").signUp("Fay", "Models");
        Page page = fay.open("/models");
        page.locator("[data-testid=model-row][data-model='switchboard/echo-anthropic'] a").first().click();
        page.waitForURL(platform.webUrl() + "/models/switchboard/echo-anthropic");
        assertThat(page.locator("[data-testid=model-id]").innerText()).isEqualTo("switchboard/echo-anthropic");
        assertThat(page.locator("[data-testid=model-description]").innerText()).contains("Anthropic Messages format");

        JsonNode endpoints = Http.anonymous().getJson(platform.gatewayUrl() + "/api/v1/models/switchboard/echo-anthropic/endpoints")
                .path("data").path("endpoints");
        assertThat(page.locator("[data-testid=endpoint-row]").count()).isEqualTo(endpoints.size()).isEqualTo(1);
        JsonNode endpoint = endpoints.get(0);
        Locator row = page.locator("[data-testid=endpoint-row]").first();
        assertThat(row.getAttribute("data-provider")).isEqualTo("fake-anthropic");
        JsonNode pricing = endpoint.path("pricing");
        assertThat(dollars(row.locator("[data-testid=prompt-price]").innerText()))
                .isEqualByComparingTo(new BigDecimal(pricing.path("prompt").asText()).multiply(MILLION));
        assertThat(dollars(row.locator("[data-testid=completion-price]").innerText()))
                .isEqualByComparingTo(new BigDecimal(pricing.path("completion").asText()).multiply(MILLION));
        assertThat(dollars(row.locator("[data-testid=cache-read-price]").innerText()))
                .isEqualByComparingTo(new BigDecimal(pricing.path("input_cache_read").asText()).multiply(MILLION));
        assertThat(row.locator("[data-testid=cache-write-price]").innerText()).isEqualTo("$2.8125");
        assertThat(row.locator("[data-testid=request-price]").innerText()).isEqualTo("—");
        assertThat(page.locator("[data-testid=supported-parameters]").first().innerText()).contains("max_tokens").contains("reasoning");
        assertThat(page.locator("[data-testid=activity-link]").getAttribute("href")).isEqualTo("/activity?model=switchboard%2Fecho-anthropic");
        assertThat(page.locator("[data-testid=compare-link]").getAttribute("href")).isEqualTo("/compare?target=switchboard%2Fecho-anthropic");
        fay.screenshot("models-model-page");

        for (String path : List.of("/models/switchboard/no-such-model", "/models/Switch/board", "/models/openai/gpt-4o")) {
            assertThat(page.navigate(platform.webUrl() + path).status()).as(path).isEqualTo(404);
            assertThat(page.locator("[data-testid=error-message]").innerText()).isEqualTo("Model not found");
        }
    }
}
