package dev.datadump.api;

import dev.datadump.model.Customer;
import dev.datadump.store.CustomerRepository;

import java.util.Optional;

/**
 * Resolves the {@code customerid}/{@code loginname} parameters against what the caller may
 * see. An admin names one of its customers, or any customer with customers_see_all. A customer
 * may only name itself: naming another customer is a 401, never a silent change of target.
 */
final class CustomerScope {

    private final CustomerRepository customers;

    CustomerScope(CustomerRepository customers) {
        this.customers = customers;
    }

    /**
     * Returns the customer the call names, or empty when an admin named none. A customer
     * caller always gets itself.
     *
     * @throws ApiException 404 when an admin names an unknown or not owned customer, 401 when a
     *                      customer names another customer, 400 for a non-numeric customerid or for
     *                      a customerid and a loginname of different customers
     */
    Optional<Customer> named(Caller caller, Params params) {
        Optional<Long> id = params.optionalNumber("customerid");
        Optional<String> login = params.optionalString("loginname");

        if (!caller.isAdmin()) {
            Customer self = caller.customer();
            boolean namesOther = id.filter(value -> value != self.id()).isPresent()
                    || login.filter(value -> !value.equals(self.loginName())).isPresent();
            if (namesOther) {
                throw new AuthenticationRequiredException("a customer API key may only act for its own customer '"
                        + self.loginName() + "'");
            }
            return Optional.of(self);
        }

        if (id.isPresent()) {
            Customer customer = customers.findById(id.get())
                    .filter(caller::maySee)
                    .orElseThrow(() -> ApiException.notFound("customer with id " + id.get() + " not found"));
            if (login.isPresent() && !login.get().equals(customer.loginName())) {
                throw ApiException.badRequest("parameters 'customerid' (" + id.get() + ") and 'loginname' ('"
                        + login.get() + "') name different customers; give one of them");
            }
            return Optional.of(customer);
        }
        if (login.isPresent()) {
            Customer customer = customers.findByLoginName(login.get())
                    .filter(caller::maySee)
                    .orElseThrow(() -> ApiException.notFound("customer '" + login.get() + "' not found"));
            return Optional.of(customer);
        }
        return Optional.empty();
    }

    /**
     * Returns the customer a call acts for, which an admin must name.
     *
     * @throws ApiException 404 when an admin names no customer, as {@link #named} otherwise
     */
    Customer required(Caller caller, Params params) {
        return named(caller, params).orElseThrow(() -> ApiException.notFound("parameter 'customerid' or "
                + "'loginname' is required for " + params.command() + " when called with an admin API key"));
    }
}
