package com.acme.inventory.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

@Configuration
public class DataSourceConfig {

    private static final String TRUSTSTORE_PASSWORD = "changeit";

    @Value("${inventory.datasource.password}")
    private String password;

    @Bean
    @Primary
    public DataSource dataSource() {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:postgresql://inv-db.internal:5432/inventory");
        cfg.setUsername("inventory");
        cfg.setPassword(password);
        cfg.addDataSourceProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        return new HikariDataSource(cfg);
    }

    @Bean
    public DataSource legacyDataSource() {
        return DataSourceBuilder.create()
                .url("jdbc:sqlserver://legacy-sql:1433;databaseName=Legacy;encrypt=false")
                .username("legacy_ro")
                .password("LegacyR0!2015")
                .build();
    }

    // quick local test:
    // Connection c = DriverManager.getConnection("jdbc:mysql://localhost/inv", "root", "r00tpass");
}
