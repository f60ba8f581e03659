package dev.datadump.api;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class AddressesTest {

    @Test
    void ipv6IsShortened() throws Exception {
        assertThat(Addresses.format(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(Addresses.format(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(Addresses.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Addresses.format(InetAddress.getByName("fe80::"))).isEqualTo("fe80::");
    }

    @Test
    void ipv4IsUnchanged() throws Exception {
        assertThat(Addresses.format(InetAddress.getByName("192.0.2.10"))).isEqualTo("192.0.2.10");
    }
}
