package io.queryhound.demo.orders.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The regions table over plain JDBC. */
public final class RegionRepository {

    private final DataSource dataSource;

    public RegionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Region> findAll() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select code, name from regions order by name");
             ResultSet rows = statement.executeQuery()) {
            List<Region> regions = new ArrayList<>();
            while (rows.next()) {
                regions.add(new Region(rows.getString("code"), rows.getString("name")));
            }
            return regions;
        }
    }
}
