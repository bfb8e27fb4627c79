package io.interlock.log;

import io.interlock.config.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/** What differs between the two databases the decision store runs on; the SQL itself is shared. */
enum SqlDialect {
    SQLITE("org.sqlite.JDBC"),
    POSTGRESQL("org.postgresql.Driver");

    /** SQLite primary result codes of a row the database refuses (CONSTRAINT, TOOBIG, MISMATCH, RANGE). */
    private static final int[] SQLITE_DATA_CODES = {19, 18, 20, 25};

    final String driverClass;

    SqlDialect(String driverClass) {
        this.driverClass = driverClass;
    }

    static SqlDialect of(Store.Database database) {
        return database.kind() == Store.Kind.POSTGRESQL ? POSTGRESQL : SQLITE;
    }

    /**
     * Connection properties; for PostgreSQL, parameters in the URL win over these. SQLite: WAL so
     * readers never block the writer, a busy timeout instead of instant "database is locked",
     * and write transactions that take the lock when they begin; a 16 MiB page cache (per
     * connection, four at most) and a checkpoint every 10,000 pages instead of 1,000, with the WAL
     * file cut back to 64 MiB after: when calls come from many addresses and organisations each
     * index insert lands on a page of its own, and copying those pages back at every small
     * checkpoint cost the writer a fifth of its CPU (bench/decision-writer, varied data: 71 → 58 µs
     * per decision; the benchmark's data is unchanged). PostgreSQL: bounded connect and
     * socket waits (a black-holed server must not hang the writer forever) and multi-row inserts.
     */
    Properties driverProperties() {
        Properties p = new Properties();
        if (this == SQLITE) {
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "NORMAL");
            p.setProperty("busy_timeout", "5000");
            p.setProperty("transaction_mode", "IMMEDIATE");
            p.setProperty("cache_size", "-16384");
            p.setProperty("wal_autocheckpoint", "10000");
            p.setProperty("journal_size_limit", String.valueOf(64L << 20));
        } else {
            p.setProperty("connectTimeout", "5");
            p.setProperty("socketTimeout", "30");
            p.setProperty("tcpKeepAlive", "true");
            p.setProperty("reWriteBatchedInserts", "true");
            p.setProperty("ApplicationName", "interlock");
        }
        return p;
    }

    /** Taken first in the migration's transaction, so replicas starting together migrate one after the other. */
    Optional<String> migrationLock() {
        // SQLite: transaction_mode=IMMEDIATE already takes the write lock at the first statement.
        return this == POSTGRESQL ? Optional.of("SELECT pg_advisory_xact_lock(7403015)") : Optional.empty();
    }

    /** The row itself is refused (bad data, constraint): retrying cannot help, so it is dropped alone. */
    boolean refusesRow(SQLException e) {
        if (this == SQLITE) {
            int primary = e.getErrorCode() & 0xff;
            for (int code : SQLITE_DATA_CODES) {
                if (primary == code) {
                    return true;
                }
            }
            return false;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /**
     * At start: a mistake of the operator's (no such file or folder, not a database, read-only,
     * wrong password, no such database, no right to create tables) stops the start; anything else
     * (server not reachable, an SQLite file another process holds locked) lets the service start
     * degraded and catch up when the database is back.
     */
    boolean isMisconfiguration(SQLException e) {
        if (this == SQLITE) {
            int primary = e.getErrorCode() & 0xff;
            return primary != SQLITE_BUSY && primary != SQLITE_LOCKED;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("28") || state.equals("3D000") || state.equals("3F000")
                || state.equals("42501"));
    }

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    /** A connection through the driver itself, with the pool's properties: the driver's own answer, however long it takes. */
    Connection connect(Store.Database settings) throws SQLException {
        Properties properties = driverProperties();
        settings.user().ifPresent(u -> properties.setProperty("user", u));
        settings.password().ifPresent(p -> properties.setProperty("password", p));
        Driver driver;
        try {
            driver = (Driver) Class.forName(driverClass).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDBC driver " + driverClass + " is missing from the jar", e);
        }
        Connection c = driver.connect(settings.url(), properties);
        if (c == null) {
            throw new SQLException("the " + name().toLowerCase(java.util.Locale.ROOT) + " driver does not take the URL", "08001");
        }
        return c;
    }

    /** Where the data is, for the start log and /health: the SQLite file, or PostgreSQL's host/database. */
    String location(String url) {
        if (this == SQLITE) {
            return sqliteFile(url).toAbsolutePath().normalize().toString();
        }
        String rest = url.substring(Store.Kind.POSTGRESQL.prefix.length()).replaceFirst("^//", "");
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    /** The file of a {@code jdbc:sqlite:} URL ({@code path}, {@code file:path?options}). */
    static Path sqliteFile(String url) {
        String rest = url.substring(Store.Kind.SQLITE.prefix.length());
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        return Path.of(path);
    }
}
