package com.acme.orders.legacy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Direct JDBC access to the legacy order tables. Will be removed once migration is done.
 */
public class LegacyOrderDao {

    private static final String URL = "jdbc:mysql://legacy-db.internal:3306/orders_legacy";
    private static final String USER = "legacy";
    private static final String PASS = "L3gacy!Dao#99";

    public int countOrders() throws SQLException {
        try (Connection conn = DriverManager.getConnection(URL, USER, PASS);
             PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM orders");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public Connection archive() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://archive.internal:5432/archive", "archiver", "Arch1ve_R3ad");
    }

    public Connection fromEnv(Properties props) throws SQLException {
        return DriverManager.getConnection(props.getProperty("url"), props.getProperty("user"), System.getenv("ARCHIVE_PW"));
    }

    public Connection withProps() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "legacy");
        p.setProperty("password", "L3gacy!Dao#99");
        return DriverManager.getConnection(URL, p);
    }
}
