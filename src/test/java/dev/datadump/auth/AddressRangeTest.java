package dev.datadump.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressRangeTest {

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void singleIpv4MatchesOnlyItself() throws Exception {
        AddressRange range = AddressRange.parse("192.0.2.7");

        assertThat(range.contains(address("192.0.2.7"))).isTrue();
        assertThat(range.contains(address("192.0.2.8"))).isFalse();
    }

    @Test
    void ipv4CidrMatchesItsNetwork() throws Exception {
        AddressRange range = AddressRange.parse("10.1.0.0/16");

        assertThat(range.contains(address("10.1.255.3"))).isTrue();
        assertThat(range.contains(address("10.2.0.1"))).isFalse();
    }

    @Test
    void cidrWithHostBitsIsMaskedToNetwork() throws Exception {
        AddressRange range = AddressRange.parse("192.0.2.77/24");

        assertThat(range.contains(address("192.0.2.1"))).isTrue();
        assertThat(range.contains(address("192.0.3.1"))).isFalse();
    }

    @Test
    void ipv6SingleAndCidr() throws Exception {
        assertThat(AddressRange.parse("::1").contains(address("::1"))).isTrue();
        assertThat(AddressRange.parse("::1").contains(address("::2"))).isFalse();
        assertThat(AddressRange.parse("2001:db8::/32").contains(address("2001:db8:ffff::1"))).isTrue();
        assertThat(AddressRange.parse("2001:db8::/32").contains(address("2001:db9::1"))).isFalse();
    }

    @Test
    void ipv4RangeMatchesIpv4MappedIpv6Caller() throws Exception {
        AddressRange range = AddressRange.parse("127.0.0.0/8");

        assertThat(range.contains(address("::ffff:127.0.0.1"))).isTrue();
    }

    @Test
    void ipv4MappedRangeStandsForIpv4Range() throws Exception {
        assertThat(AddressRange.parse("::ffff:0:0/96").contains(address("198.51.100.7"))).isTrue();
        assertThat(AddressRange.parse("::ffff:10.0.0.0/104").contains(address("10.9.8.7"))).isTrue();
        assertThat(AddressRange.parse("::ffff:10.0.0.0/104").contains(address("11.0.0.1"))).isFalse();
        assertThat(AddressRange.parse("::ffff:127.0.0.1").contains(address("127.0.0.1"))).isTrue();
        assertThatThrownBy(() -> AddressRange.parse("::ffff:0:0/95")).hasMessageContaining("at least 96");
    }

    @Test
    void ipv4RangeDoesNotMatchIpv6Caller() throws Exception {
        assertThat(AddressRange.parse("0.0.0.0/0").contains(address("::1"))).isFalse();
    }

    @Test
    void zeroPrefixMatchesEverythingOfItsFamily() throws Exception {
        assertThat(AddressRange.parse("0.0.0.0/0").contains(address("203.0.113.9"))).isTrue();
        assertThat(AddressRange.parse("::/0").contains(address("2001:db8::5"))).isTrue();
    }

    @Test
    void hostNamesAreRejectedWithoutLookup() {
        assertThatThrownBy(() -> AddressRange.parse("localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'localhost' is not an IPv4 or IPv6 address");
    }

    @Test
    void invalidValuesAreRejectedWithTheValue() {
        assertThatThrownBy(() -> AddressRange.parse("300.1.1.1")).hasMessageContaining("300.1.1.1");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("at most 32");
        assertThatThrownBy(() -> AddressRange.parse("::1/129")).hasMessageContaining("at most 128");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/x")).hasMessageContaining("invalid prefix length");
    }

    @Test
    void listParsesCommaSeparatedEntries() {
        assertThat(AddressRange.parseList(" 127.0.0.1 , ::1,10.0.0.0/8 ")).hasSize(3);
        assertThat(AddressRange.parseList("")).isEmpty();
        assertThat(AddressRange.parseList(null)).isEmpty();
    }
}
