import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The output lists are what `--format` offers: ids are unique, the first is the default, and a
/// renderer reached through the list writes what its type writes.
@Suite struct OutputRegistryTests {
    @Test func idsAreUniqueAndTextComesFirst() {
        let documents = FindingRenderers.documents.map { $0.id }
        let live = FindingRenderers.live.map { $0.id }
        let records = RecordWriters.all.map { type(of: $0).id }
        for ids in [documents, live, records] { #expect(Set(ids).count == ids.count, "\(ids)") }
        #expect(documents.first == "text" && live.first == "text" && records.first == "json")
        #expect(!records.contains(LocationRecords.id), "--unparsed's location lines are not a --format value")
    }

    @Test func onlyMarkdownNeedsTemplates() {
        #expect(FindingRenderers.documents.filter { $0.needsTemplates }.map { $0.id } == ["markdown"])
    }

    @Test func documentModeIsTheRenderersOwnOutput() throws {
        let (result, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-stuck-terminating")
        let byId = Dictionary(uniqueKeysWithValues: FindingRenderers.documents.map { ($0.id, $0) })
        let options = RenderOptions(width: 100)
        #expect(try #require(byId["json"]).init(options: options).document(result) == FindingJSON.document(result, redactor: nil))
        #expect(try #require(byId["markdown"]).init(options: options).document(result) == MarkdownReport(redactor: nil).render(result))
        #expect(try #require(byId["text"]).init(options: options).document(result)
                == TextReport(style: Style(enabled: false), redactor: nil, width: 100).render(result))
    }
}
