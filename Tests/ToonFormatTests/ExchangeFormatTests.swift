import Testing
import ToonCore
import ToonFormat

/// The formats made to paste elsewhere: TSV, Markdown, SQL INSERT — and the
/// quoting rules of CSV (RFC 4180) they sit beside.
@Suite struct ExchangeFormatTests {
    static let awkward = ResultSet(columns: ["id", "text", "extra"], rows: [
        [1, "tab\there", nil],
        [2, "line\nbreak", "back\\slash"],
        [3, "pipe | and 'quote' and \"dq\"", .bool(true)],
        [.double(2.5), "", .array([1, "x'y"])],
    ], name: "my \"t\"")

    @Test func tsvEscapesWhatWouldBreakARow() {
        #expect(Self.awkward.rendered(as: .tsv) == """
            id\ttext\textra
            1\ttab\\there\t
            2\tline\\nbreak\tback\\\\slash
            3\tpipe | and 'quote' and "dq"\ttrue
            2.5\t\t[1,"x'y"]

            """)
    }

    @Test func csvQuotesPerRFC4180() {
        let rs = ResultSet(columns: ["a", "b,c"], rows: [["x\"y", "p\r\nq"], ["plain", nil], [" lead", "comma,"]])
        #expect(rs.rendered(as: .csv) == "a,\"b,c\"\r\n\"x\"\"y\",\"p\r\nq\"\r\nplain,\r\n lead,\"comma,\"\r\n")
    }

    @Test func markdownEscapesPipesAndBreaksAndAlignsNumbers() {
        #expect(Self.awkward.rendered(as: .markdown) == """
            | id | text | extra |
            | ---: | --- | --- |
            | 1 | tab\there | NULL |
            | 2 | line<br>break | back\\slash |
            | 3 | pipe \\| and 'quote' and "dq" | true |
            | 2.5 |  | [1,"x'y"] |

            """)
        let header = ResultSet(columns: ["a|b"], rows: []).rendered(as: .markdown)
        #expect(header == "| a\\|b |\n| --- |\n")
    }

    @Test func insertQuotesNamesAndEscapesStrings() {
        let head = #"INSERT INTO "my ""t""" ("id", "text", "extra") VALUES "#
        #expect(Self.awkward.rendered(as: .insert) ==
            head + "(1, 'tab\there', NULL);\n"
            + head + "(2, 'line\nbreak', 'back\\slash');\n"
            + head + #"(3, 'pipe | and ''quote'' and "dq"', TRUE);"# + "\n"
            + head + #"(2.5, '', '[1,"x''y"]');"# + "\n")
        #expect(ResultSet(columns: ["a"], rows: []).rendered(as: .insert) == "")
    }
}
