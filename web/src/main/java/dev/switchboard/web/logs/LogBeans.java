package dev.switchboard.web.logs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The log's repository on the service's datasource (a plain class, so its tests give it any DataSource). */
class LogBeans {

    @Produces
    @Singleton
    LogRepository logRepository(AgroalDataSource db) {
        return new LogRepository(db);
    }
}
