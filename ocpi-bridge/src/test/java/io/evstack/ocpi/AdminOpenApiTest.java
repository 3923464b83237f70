package io.evstack.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document of /ocpi/admin names exactly the routes AdminRoutes registers. */
class AdminOpenApiTest {

    @Test
    void everyAdminRouteIsDescribedAndNothingElse() throws Exception {
        var routes = new AdminRoutes(null, null, null, null, null, null, null, null);
        routes.register(Javalin.create());
        JsonNode doc;
        try (var in = AdminRoutes.class.getResourceAsStream("/ocpi/admin-openapi.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        List<String> described = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> described.add(op.getKey().toUpperCase() + " " + path.getKey())));
        assertThat(described).containsExactlyInAnyOrderElementsOf(routes.routes());
    }
}
