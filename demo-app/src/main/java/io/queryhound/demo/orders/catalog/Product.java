package io.queryhound.demo.orders.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** A product of the catalogue, as the Hibernate side of the service maps it (read only here). */
@Entity
@Table(name = "products")
public class Product {

    @Id
    private Long id;

    private String sku;

    private String name;

    @Column(name = "category_id")
    private int categoryId;

    @Column(precision = 10, scale = 2)
    private BigDecimal price;

    protected Product() {
    }

    public Long getId() {
        return id;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public int getCategoryId() {
        return categoryId;
    }

    public BigDecimal getPrice() {
        return price;
    }
}
