package org.metagrad4j.display;

import tech.tablesaw.api.Table;

/**
 * Renders a Tablesaw {@link Table} as a bounded HTML table and a bounded plain-text preview.
 *
 * <p>Tables with more than {@link #MAX_ROWS} rows show their first and last {@link #EDGE_ROWS} rows
 * with an ellipsis row between them. Written here rather than with Tablesaw's {@code HtmlWriter},
 * which always writes every row.
 */
final class TableHtml {
    /** Largest row count shown in full. */
    static final int MAX_ROWS = 20;
    /** Rows shown at each end of a longer table. */
    static final int EDGE_ROWS = 10;

    private TableHtml() {
    }

    static String plainText(Table table) {
        return table.print(MAX_ROWS);
    }

    static String html(Table table) {
        int rows = table.rowCount();
        int columns = table.columnCount();
        StringBuilder html = new StringBuilder();
        html.append("<table class=\"metagrad4j-table\">\n<caption>")
                .append(escape(table.name() == null ? "" : table.name()))
                .append(" (").append(rows).append(rows == 1 ? " row" : " rows").append(" \u00d7 ")
                .append(columns).append(columns == 1 ? " column" : " columns").append(")</caption>\n");

        html.append("<thead><tr><th></th>");
        for (String name : table.columnNames()) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");

        if (rows <= MAX_ROWS) {
            appendRows(html, table, 0, rows);
        } else {
            appendRows(html, table, 0, EDGE_ROWS);
            html.append("<tr><th>\u2026</th>");
            for (int column = 0; column < columns; column++) {
                html.append("<td>\u2026</td>");
            }
            html.append("</tr>\n");
            appendRows(html, table, rows - EDGE_ROWS, rows);
        }
        html.append("</tbody>\n</table>");
        return html.toString();
    }

    private static void appendRows(StringBuilder html, Table table, int fromRow, int toRow) {
        for (int row = fromRow; row < toRow; row++) {
            html.append("<tr><th>").append(row).append("</th>");
            for (int column = 0; column < table.columnCount(); column++) {
                html.append("<td>").append(escape(table.getString(row, column))).append("</td>");
            }
            html.append("</tr>\n");
        }
    }

    /** Escapes text for HTML element content and double-quoted attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
