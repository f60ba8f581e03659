package dev.datadump.api;

import dev.datadump.model.Admin;
import dev.datadump.model.Customer;

/** The authenticated owner of an API key: an admin or a customer, exactly one of the two. */
public record Caller(Admin admin, Customer customer) {

    public Caller {
        if ((admin == null) == (customer == null)) {
            throw new IllegalArgumentException("a caller is exactly one admin or one customer");
        }
    }

    public static Caller of(Admin admin) {
        return new Caller(admin, null);
    }

    public static Caller of(Customer customer) {
        return new Caller(null, customer);
    }

    public boolean isAdmin() {
        return admin != null;
    }

    /** Returns true when this caller may act for the customer. */
    public boolean maySee(Customer target) {
        if (isAdmin()) {
            return admin.customersSeeAll() || target.adminId() == admin.id();
        }
        return target.id() == customer.id();
    }

    /** Name for log lines, such as {@code admin alice} or {@code customer web1}. */
    public String describe() {
        return isAdmin() ? "admin " + admin.name() : "customer " + customer.loginName();
    }
}
