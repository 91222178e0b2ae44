package dev.switchboard.web.models;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The catalog repository on the service's datasource (a plain class, so its tests give it any DataSource and clock). */
class CatalogBeans {

    @Produces
    @Singleton
    CatalogRepository catalogRepository(AgroalDataSource db) {
        return new CatalogRepository(db, Clock.systemUTC());
    }
}
