package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class DiagnosticsTest {

    @Test
    void toTableHasOneRowWithSolverIterations() {
        var diagnostics = new Diagnostics("iMAML", 1.0, 0.5, 0.2, 0.6, 17, 1e-6, false, false, 1024, 4, 2_000_000, "");

        Table table = diagnostics.toTable();

        assertEquals(1, table.rowCount());
        assertEquals(17, table.intColumn("solver iterations").get(0));
        assertEquals(1024L, table.longColumn("retained bytes").get(0));
    }
}
