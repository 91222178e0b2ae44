package dev.switchboard.web.logs;

import java.util.List;

/** A statement and its parameters, in order; built by {@link LogSql}, run by {@link LogRepository}. */
record Sql(String text, List<Object> params) {
}
