package io.interlock.log;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.interlock.config.InvalidConfigException;
import io.interlock.config.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision store in a database: an SQLite file by default, PostgreSQL when replicas share
 * one. Events are written by {@link SqlWriter} off the request path; reads are indexed queries
 * ({@link SqlQueries}) on a small connection pool. The schema ({@link SqlSchema}) is brought up
 * to date on the first connection that succeeds, at start or, if the database was out of
 * reach then, whenever it comes back.
 */
final class SqlStore implements DecisionStore, SqlWriter.Database {

    private static final Logger LOG = LoggerFactory.getLogger("interlock");
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** Writer, two readers and one spare: the API is an operator's tool, not a hot path. */
    private static final int POOL_SIZE = 4;
    /** A read waits at most this for a connection, so a database that is down gives a prompt 503. */
    private static final long CONNECTION_TIMEOUT_MS = 3_000;

    private final DataSource source;
    private final AutoCloseable pool;
    private final SqlDialect dialect;
    private final Store.Database settings;
    private final String location;
    private final SqlWriter writer;
    private volatile boolean schemaReady;

    SqlStore(DataSource source, AutoCloseable pool, SqlDialect dialect, Store.Database settings, Clock clock) {
        this.source = source;
        this.pool = pool;
        this.dialect = dialect;
        this.settings = settings;
        this.location = dialect.location(settings.url());
        this.writer = new SqlWriter(this, settings.buffer(), settings.retentionDays(), location, clock);
    }

    /**
     * Opens the database and brings its schema up to date. A mistake of the operator's (an SQLite
     * file that cannot be created, a wrong password, no such database) stops the start naming
     * INTERLOCK_DECISION_DB; a database that does not answer lets the service start degraded, as it
     * would keep running if the database went away later.
     */
    static SqlStore open(Store.Database settings, Clock clock) {
        SqlDialect dialect = SqlDialect.of(settings);
        if (dialect == SqlDialect.SQLITE) {
            createFolder(SqlDialect.sqliteFile(settings.url()));
        }
        HikariDataSource pool = new HikariDataSource(poolConfig(settings, dialect));
        return start(new SqlStore(pool, pool, dialect, settings, clock), () -> dialect.connect(settings));
    }

    /** A connection made at once, outside the pool. */
    interface Connector {
        Connection connect() throws SQLException;
    }

    /**
     * The first connection is made straight through the driver and waited for as long as the driver
     * takes (within its own bounds), never through the pool's 3-second wait: on a loaded machine the
     * first connection (loading SQLite's native library, a TLS handshake) can take longer, and a pool
     * timeout says nothing about the settings. Only the driver's own answer can stop the start.
     */
    static SqlStore start(SqlStore store, Connector first) {
        try (Connection c = first.connect()) {
            store.migrate(c);
            LOG.info("decision store: {} {}, keeping {}", store.dialect.name().toLowerCase(java.util.Locale.ROOT),
                    store.location, store.keeps());
        } catch (SQLException e) {
            if (store.dialect.isMisconfiguration(innermostSql(e))) {
                store.close();
                throw new InvalidConfigException(List.of("INTERLOCK_DECISION_DB: cannot use " + store.location + ": "
                        + describe(e)));
            }
            store.writer.failing(e);
        }
        return store;
    }

    private static HikariConfig poolConfig(Store.Database settings, SqlDialect dialect) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("interlock-decisions");
        c.setDriverClassName(dialect.driverClass);
        c.setJdbcUrl(settings.url());
        settings.user().ifPresent(c::setUsername);
        settings.password().ifPresent(c::setPassword);
        c.setDataSourceProperties(dialect.driverProperties());
        c.setMaximumPoolSize(POOL_SIZE);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        c.setValidationTimeout(1_000);
        // never fail building the pool: open() decides what a failed first connection means
        c.setInitializationFailTimeout(-1);
        return c;
    }

    private static void createFolder(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            try {
                Files.createDirectories(folder);
            } catch (IOException | SecurityException e) {
                throw new InvalidConfigException(List.of("INTERLOCK_DECISION_DB: cannot create the folder " + folder
                        + " for the SQLite file: " + e));
            }
        }
    }

    @Override
    public Connection connection() throws SQLException {
        Connection c = source.getConnection();
        if (!schemaReady) {
            try {
                migrate(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    private synchronized void migrate(Connection c) throws SQLException {
        if (!schemaReady) {
            int before = SqlSchema.migrate(c, dialect);
            if (before < SqlSchema.VERSION) {
                LOG.info("decision store: schema of {} brought from version {} to {}", location, before, SqlSchema.VERSION);
            }
            schemaReady = true;
        }
    }

    @Override
    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public void add(Recorded recorded) {
        writer.offer(recorded);
    }

    @Override
    public Optional<DecisionEvent> get(String id) {
        try (Connection c = connection()) {
            return SqlQueries.get(c, id);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Page query(DecisionQuery query) {
        Optional<Cursor.Position> after;
        if (query.cursor() instanceof Cursor.Start) {
            after = Optional.empty();
        } else if (query.cursor() instanceof Cursor.Position position) {
            after = Optional.of(position);
        } else {
            throw new BadQuery("cursor", Cursor.STALE);
        }
        try (Connection c = connection()) {
            return SqlQueries.page(c, query, after);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public DecisionStats stats(StatsQuery query) {
        try (Connection c = connection()) {
            return SqlStats.stats(c, dialect, query);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** A read that failed tells /health at once, as the 503 it becomes does; the writer then probes until the database answers. */
    private StoreUnavailable unavailable(SQLException e) {
        writer.readFailed(e);
        return new StoreUnavailable("the decision store (" + location + ") cannot be read now: " + describe(e)
                + "; calls are still answered, and their decisions are stored once it is back");
    }

    @Override
    public boolean flush(Duration timeout) {
        return writer.flush(timeout);
    }

    @Override
    public long dropped() {
        return writer.dropped();
    }

    @Override
    public Status status() {
        SqlWriter.Health health = writer.health();
        int buffered = writer.buffered();
        String kind = dialect.name().toLowerCase(java.util.Locale.ROOT);
        if (health.problem() != null) {
            return new Status(kind, location, "degraded", health.problem(), health.since(), buffered, writer.capacity(),
                    writer.dropped());
        }
        if (buffered >= writer.capacity() / 2) {
            return new Status(kind, location, "degraded", "the database is slower than the traffic: " + buffered
                    + " events wait", null, buffered, writer.capacity(), writer.dropped());
        }
        return new Status(kind, location, "ok", null, null, buffered, writer.capacity(), writer.dropped());
    }

    @Override
    public String keeps() {
        return settings.retentionDays() == 0 ? "every event (INTERLOCK_DECISION_RETENTION_DAYS=0)"
                : "the events of the last " + settings.retentionDays() + " days (INTERLOCK_DECISION_RETENTION_DAYS)";
    }

    @Override
    public void close() {
        writer.close(CLOSE_TIMEOUT);
        try {
            pool.close();
        } catch (Exception e) {
            LOG.warn("decision store: closing the connection pool failed: {}", e.toString());
        }
    }

    /** The database's own words for a failure: the innermost message (a pool's timeout wraps the real cause). */
    static String describe(Throwable e) {
        Throwable inner = innermost(e);
        String message = inner.getMessage() == null ? inner.getClass().getSimpleName() : inner.getMessage();
        return message.strip();
    }

    private static Throwable innermost(Throwable e) {
        Throwable inner = e;
        while (inner.getCause() != null && inner.getCause() != inner) {
            inner = inner.getCause();
        }
        return inner;
    }

    private static SQLException innermostSql(SQLException e) {
        SQLException inner = e;
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                inner = sql;
            }
        }
        return inner;
    }
}
