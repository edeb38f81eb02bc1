package io.queryhound.demo.orders.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** An order as the Hibernate side of the service maps it; its items are a lazy collection, JPA's default. */
@Entity
@Table(name = "orders")
public class PurchaseOrder {

    @Id
    private Long id;

    @Column(name = "customer_id")
    private long customerId;

    @Column(name = "placed_at")
    private LocalDateTime placedAt;

    private String status;

    @Column(precision = 12, scale = 2)
    private BigDecimal total;

    @OneToMany(mappedBy = "order")
    @OrderBy("id")
    private List<OrderItem> items = new ArrayList<>();

    protected PurchaseOrder() {
    }

    public Long getId() {
        return id;
    }

    public long getCustomerId() {
        return customerId;
    }

    public LocalDateTime getPlacedAt() {
        return placedAt;
    }

    public String getStatus() {
        return status;
    }

    public BigDecimal getTotal() {
        return total;
    }

    public List<OrderItem> getItems() {
        return items;
    }
}
