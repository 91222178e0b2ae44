package dev.switchboard.gateway.database;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that is away (down, restarting, unreachable, out of connections) from every other failure.
 * The first is the client's to retry (503 with Retry-After), and worth one retry inside the gateway when a
 * pooled connection turns out dead; the second is a bug.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** Whether {@code failure}, or one of its causes, says the database could not be reached or went away. */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException || t instanceof SocketException) {
                return true;
            }
            String state = t instanceof SQLException sql ? sql.getSQLState() : t instanceof PgException pg ? pg.getSqlState() : null;
            if (state != null && (state.startsWith("08") // connection exception
                    || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shutdown, crash, starting up
                    || state.equals("53300"))) { // too many connections
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof SQLException && state == null && message.contains("acquisition timeout")) {
                return true; // Agroal: no connection could be had in time
            }
            if (t instanceof SQLException && message.contains("connection has been closed")) {
                return true; // PgJDBC on a pooled connection whose server went away
            }
            if (t instanceof VertxException && (message.contains("closed") || message.contains("Connection"))) {
                return true; // the reactive client's "Connection is closed" / "Pool closed"
            }
        }
        return false;
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work}, and once more when it failed because its connection was dead (a pooled connection whose
     * server restarted): the second try gets a fresh connection. Any other failure, or a second one, is thrown.
     */
    public static <T> T retryOnce(SqlWork<T> work) throws SQLException {
        try {
            return work.run();
        } catch (SQLException e) {
            if (!unavailable(e)) {
                throw e;
            }
            return work.run();
        }
    }
}
