package io.queryhound.examples;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One order of a {@link Customer}. */
@Entity
@Table(name = "ex_purchase_order")
public class PurchaseOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "customer_id")
    private Customer customer;

    private long totalCents;

    protected PurchaseOrder() {
    }

    PurchaseOrder(Customer customer, long totalCents) {
        this.customer = customer;
        this.totalCents = totalCents;
    }

    public Long getId() {
        return id;
    }

    public Customer getCustomer() {
        return customer;
    }

    public long getTotalCents() {
        return totalCents;
    }
}
