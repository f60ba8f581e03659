package dev.datadump.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamsTest {

    private static final ObjectMapper json = new ObjectMapper();

    private static Params params(String document) throws Exception {
        return new Params((ObjectNode) json.readTree(document), "DataDump.add");
    }

    @Test
    void flagsReadIntegers() throws Exception {
        Params params = params("{\"a\": 1, \"b\": \"1\", \"c\": 2, \"d\": true, \"e\": \"12345678901234567890123\","
                + " \"f\": 0, \"g\": \"0\", \"h\": \"\", \"i\": false, \"j\": \"yes\", \"k\": null, \"l\": \"0.9\"}");

        for (String name : new String[]{"a", "b", "c", "d", "e"}) {
            assertThat(params.flag(name)).as(name).isTrue();
        }
        for (String name : new String[]{"f", "g", "h", "i", "j", "k", "l", "absent"}) {
            assertThat(params.flag(name)).as(name).isFalse();
        }
    }

    @Test
    void requiredStringDistinguishesMissingAndEmpty() throws Exception {
        Params params = params("{\"blank\": \" \\t\", \"value\": \"  x \", \"number\": 7}");

        assertThat(params.requiredString("value")).isEqualTo("x");
        assertThat(params.requiredString("number")).isEqualTo("7");
        assertThatThrownBy(() -> params.requiredString("missing"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("'missing'").hasMessageContaining("DataDump.add");
        assertThatThrownBy(() -> params.requiredString("blank"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(406));
    }

    @Test
    void numbersMayBeStrings() throws Exception {
        Params params = params("{\"a\": 5, \"b\": \" 6 \", \"c\": \"x\", \"d\": 1.5}");

        assertThat(params.requiredNumber("a")).isEqualTo(5);
        assertThat(params.requiredNumber("b")).isEqualTo(6);
        assertThatThrownBy(() -> params.requiredNumber("c")).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> params.requiredNumber("d")).hasMessageContaining("must be an integer");
        assertThat(params.optionalNumber("absent")).isEmpty();
    }
}
