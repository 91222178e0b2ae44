package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ErrorCode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code docs/api-errors.md} cannot drift from {@link ErrorCode}: the table under "## Error codes" has a row for
 * every constant, with its lower-case name in backticks and its status, and names no code the enum lacks.
 */
class ErrorCodeDocsTest {

    private static final String SECTION = "## Error codes";

    private static List<List<String>> rows;

    @BeforeAll
    static void read_the_error_codes_table() throws IOException {
        rows = tableRows(Files.readString(page(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorCode.class)
    void every_error_code_has_a_row_with_its_status(ErrorCode code) {
        String name = "`" + code.name().toLowerCase(Locale.ROOT) + "`";
        assertThat(rows)
                .as("a row of the %s table in docs/api-errors.md for %s with status %d", SECTION, name, code.status())
                .anySatisfy(cells -> {
                    assertThat(cells.get(0)).isEqualTo(name);
                    assertThat(cells.get(1)).isEqualTo(String.valueOf(code.status()));
                });
    }

    @Test
    void every_row_names_an_error_code() {
        Set<String> names = Arrays.stream(ErrorCode.values())
                .map(c -> "`" + c.name().toLowerCase(Locale.ROOT) + "`")
                .collect(Collectors.toSet());
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(cells -> assertThat(cells.get(0)).isIn(names));
        assertThat(rows).hasSize(ErrorCode.values().length);
    }

    /** The surefire working directory is gateway-service/; elsewhere (an IDE) the project root property helps. */
    private static Path page() {
        Path fromModule = Path.of("..", "docs", "api-errors.md");
        if (Files.exists(fromModule)) {
            return fromModule;
        }
        return Path.of(System.getProperty("switchboard.project.root", "."), "docs", "api-errors.md");
    }

    /** The body rows of the first table after {@link #SECTION}, each as its trimmed cells. */
    private static List<List<String>> tableRows(String markdown) {
        int start = markdown.indexOf("\n" + SECTION + "\n");
        assertThat(start).as("docs/api-errors.md has a section \"%s\"", SECTION).isNotNegative();
        List<List<String>> table = new ArrayList<>();
        boolean inTable = false;
        for (String line : markdown.substring(start + SECTION.length() + 2).split("\n", -1)) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            List<String> cells = Arrays.stream(line.substring(1).split("\\|", -1)).map(String::strip).toList();
            boolean header = cells.get(0).equals("code");
            boolean separator = cells.get(0).matches(":?-+:?");
            if (!header && !separator) {
                table.add(cells);
            }
        }
        return table;
    }
}
