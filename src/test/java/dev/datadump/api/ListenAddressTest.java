package dev.datadump.api;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenAddressTest {

    @Test
    void parsesIpv4AndBracketedIpv6() {
        InetSocketAddress ipv4 = ListenAddress.parse("127.0.0.1:8080");
        InetSocketAddress ipv6 = ListenAddress.parse(" [::1]:9000 ");

        assertThat(ListenAddress.format(ipv4)).isEqualTo("127.0.0.1:8080");
        assertThat(ListenAddress.format(ipv6)).isEqualTo("[::1]:9000");
    }

    @Test
    void rejectsMalformedAddresses() {
        for (String bad : new String[]{"8080", "::1:8080", "127.0.0.1", "127.0.0.1:99999", "[::1]", "", "host:port"}) {
            assertThatThrownBy(() -> ListenAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
