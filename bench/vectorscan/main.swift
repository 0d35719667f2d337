// Vectorscan (libvectorscan-dev) against logtrace's hand-written literal scanner (Teddy, with
// Wu-Manber as the portable fallback) and PCRE2 JIT, on the same bytes, in one process.
// Not part of the product: scripts/bench-vectorscan.sh builds it against the release build's
// objects. Files are read into memory first; only the scans are timed (median of RUNS).
//
//   1. literal prefilter: the built-in pack's anchor literals over 1 MiB whole-line blocks,
//      every (offset, literal) reported; both must report the same occurrences.
//   2. regex confirm: every matcher with a regex, on the lines holding its anchor literal
//      (the text after a klog header), PCRE2 JIT (what logtrace runs) against a Vectorscan
//      database of that one regex; both must agree on which lines match.
//   3. Vectorscan as the whole matcher: every pack regex in one database scanned over the whole
//      blocks (what "one streaming pass" would mean), reporting which regexes it can compile.
import CHS
import Foundation
import LogtraceCore

let runs = Int(ProcessInfo.processInfo.environment["RUNS"] ?? "3") ?? 3
let paths = Array(CommandLine.arguments.dropFirst())
guard !paths.isEmpty else { print("usage: vectorscan-bench FILE..."); exit(2) }

// Blocks of about 1 MiB ending at a newline, as logtrace reads them, grouped by the file's
// component: the prefilter of a stream searches only the literals of matchers for its component.
let known = ["kube-apiserver", "kube-controller-manager", "cloud-controller-manager", "kube-scheduler", "etcd"]
struct Group { var component: String?; var blocks: [[UInt8]] = [] }
var groups: [Group] = []
var total = 0
for p in paths {
    let d = try! Data(contentsOf: URL(fileURLWithPath: p))
    let all = [UInt8](d)
    total += all.count
    let name = (p as NSString).lastPathComponent
    let comp = known.first { name.hasPrefix($0) }
    if groups.last?.component != comp || groups.isEmpty { groups.append(Group(component: comp)) }
    var s = 0
    while s < all.count {
        var e = min(all.count, s + (1 << 20))
        if e < all.count { while e > s && all[e - 1] != 0x0A { e -= 1 }; if e == s { e = min(all.count, s + (1 << 20)) } }
        groups[groups.count - 1].blocks.append(Array(all[s..<e]))
        s = e
    }
}
let blocks = groups.flatMap(\.blocks)

let log = DiagnosticLog()
let rules = RuleSet(files: RuleCatalog.builtin(log: log), log: log)

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
func time(_ body: () -> Void) -> Double {
    var ts: [Double] = []
    for _ in 0..<runs {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        ts.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return median(ts)
}
func mbs(_ bytes: Int, _ s: Double) -> String { String(format: "%7.0f MB/s", Double(bytes) / s / 1e6) }

print("corpus: \(paths.count) files, \(total) bytes, \(blocks.count) blocks, components \(groups.map { $0.component ?? "?" }); \(rules.literals.count) anchor literals in the pack, \(rules.matchers.filter { $0.regex != nil }.count) regex matchers")

final class Acc { var n = 0; var sum = 0; var lens: [Int] = []; var ids: [Int] = [] }
var cerr: UnsafeMutablePointer<hs_compile_error_t>?
var tTeddy = 0.0, tWM = 0.0, tHS = 0.0, tCompile = 0.0
var nTeddy = 0, sTeddy = 0, nWM = 0, nHS = 0, sHS = 0
var out: [LiteralHit] = []
var teddyOf: [Int: LiteralScanner] = [:]
for (gi, g) in groups.enumerated() {
    let ids = rules.activeLiterals(component: g.component)
    let needles = ids.map { rules.literals[$0] }
    let bytes = g.blocks.reduce(0) { $0 + $1.count }
    let teddy: LiteralScanner = TeddyScanner.bestLevel > 0 && needles.count <= TeddyScanner.maxLiterals
        ? TeddyScanner(needles: needles, ids: ids) : WuManberScanner(needles: needles, ids: ids)
    teddyOf[gi] = teddy
    tTeddy += time {
        for b in g.blocks { b.withUnsafeBytes { teddy.scan($0, into: &out) } }
    }
    for b in g.blocks { b.withUnsafeBytes { teddy.scan($0, into: &out) }; nTeddy += out.count; for h in out { sTeddy &+= h.offset &* 256 &+ h.id } }
    let wm = WuManberScanner(needles: needles, ids: ids)
    tWM += time { for b in g.blocks { b.withUnsafeBytes { wm.scan($0, into: &out) } } }
    for b in g.blocks { b.withUnsafeBytes { wm.scan($0, into: &out) }; nWM += out.count }

    let ptrs = needles.map { n -> UnsafePointer<CChar>? in
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, n.count))
        for (k, c) in n.bytes.enumerated() { p[k] = CChar(bitPattern: c) }
        return UnsafePointer(p)
    }
    var lp = ptrs
    var lens = needles.map { $0.count }
    var flags = [UInt32](repeating: 0, count: needles.count)
    var hids = needles.indices.map { UInt32($0) }
    var db: OpaquePointer?
    tCompile += time {
        if db != nil { hs_free_database(db) }
        guard hs_compile_lit_multi(&lp, &flags, &hids, &lens, UInt32(needles.count), UInt32(HS_MODE_BLOCK), nil, &db, &cerr) == HS_SUCCESS else {
            print("hs_compile_lit_multi: \(String(cString: cerr!.pointee.message))"); exit(1)
        }
    }
    var scratch: OpaquePointer?
    hs_alloc_scratch(db, &scratch)
    let acc = Acc()
    acc.lens = lens; acc.ids = ids
    func scanAll() {
        for b in g.blocks {
            b.withUnsafeBytes { r in
                _ = hs_scan(db, r.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(r.count), 0, scratch, { id, _, to, _, ctx in
                    let a = Unmanaged<Acc>.fromOpaque(ctx!).takeUnretainedValue()
                    a.n += 1
                    a.sum &+= (Int(to) - a.lens[Int(id)]) &* 256 &+ a.ids[Int(id)]
                    return 0
                }, Unmanaged.passUnretained(acc).toOpaque())
            }
        }
    }
    tHS += time { scanAll() }
    acc.n = 0; acc.sum = 0
    scanAll()
    nHS += acc.n; sHS &+= acc.sum
    hs_free_scratch(scratch); hs_free_database(db)
    _ = bytes
}
let kernel = TeddyScanner.bestLevel == 2 ? "AVX-512 VBMI" : TeddyScanner.bestLevel == 1 ? "AVX2" : "none"
print("== literal prefilter (each file's component literals, as BlockPrefilter; every occurrence)")
print(String(format: "   %-36@ %@  %9d hits", "Teddy (logtrace, \(kernel))" as NSString, mbs(total, tTeddy) as NSString, nTeddy))
print(String(format: "   %-36@ %@  %9d hits", "Wu-Manber (logtrace, portable)" as NSString, mbs(total, tWM) as NSString, nWM))
print(String(format: "   %-36@ %@  %9d hits   (compile %.1f ms)", "Vectorscan hs_compile_lit_multi" as NSString, mbs(total, tHS) as NSString, nHS, tCompile * 1000))
print("   same occurrences: \(nTeddy == nHS && sTeddy == sHS && nWM == nTeddy ? "yes" : "NO (teddy \(nTeddy)/\(sTeddy), wu-manber \(nWM), hs \(nHS)/\(sHS))")")

// MARK: 2. regex confirm on candidate lines
// Candidate lines per matcher: the lines holding its anchor literal (from the Teddy hits).
struct Line { var block: [UInt8]; var start: Int; var end: Int }
var linesOf: [Int: [Line]] = [:]   // literal id -> lines
for (gi, g) in groups.enumerated() {
    for b in g.blocks {
        b.withUnsafeBytes { r in
            teddyOf[gi]!.scan(r, into: &out)
            var lastLine = -1, lastID = -1
            for h in out {
                var s = h.offset; while s > 0 && r[s - 1] != 0x0A { s -= 1 }
                var e = h.offset; while e < r.count && r[e] != 0x0A { e += 1 }
                if s == lastLine && h.id == lastID { continue }
                lastLine = s; lastID = h.id
                // The rule text: after a klog header's "] ".
                var t = s
                if e - s > 30, r[s] >= 0x45, r[s] <= 0x57, let k = (s..<min(e - 1, s + 80)).first(where: { r[$0] == 0x5D && r[$0 + 1] == 0x20 }) {
                    t = k + 2
                }
                linesOf[h.id, default: []].append(Line(block: b, start: t, end: e))
            }
        }
    }
}
var pcreTotal = 0.0, hsTotal = 0.0, candBytes = 0, compiled = 0, refused: [String] = [], disagree = 0, matchersRun = 0
var pcreCompiled = 0.0
for m in rules.matchers {
    guard let re = m.regex, let lit = m.literalIDs.first else { continue }
    let cands = linesOf[lit] ?? []
    matchersRun += 1
    var pcreMatches = 0
    let tp = time {
        pcreMatches = 0
        for l in cands { l.block.withUnsafeBytes { r in if re.match(UnsafeRawBufferPointer(rebasing: r[l.start..<l.end])) != nil { pcreMatches += 1 } } }
    }
    pcreTotal += tp
    candBytes += cands.reduce(0) { $0 + $1.end - $1.start }
    var db: OpaquePointer?
    guard hs_compile(re.pattern, UInt32(HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL | HS_FLAG_ALLOWEMPTY), UInt32(HS_MODE_BLOCK), nil, &db, &cerr) == HS_SUCCESS else {
        refused.append("\(re.pattern.prefix(60))…: \(String(cString: cerr!.pointee.message))")
        hs_free_compile_error(cerr)
        continue
    }
    compiled += 1
    pcreCompiled += tp
    var s2: OpaquePointer?
    hs_alloc_scratch(db, &s2)
    let a = Acc()
    let th = time {
        a.n = 0
        for l in cands {
            l.block.withUnsafeBytes { r in
                let before = a.sum
                _ = hs_scan(db, (r.baseAddress! + l.start).assumingMemoryBound(to: CChar.self), UInt32(l.end - l.start), 0, s2, { _, _, _, _, ctx in
                    Unmanaged<Acc>.fromOpaque(ctx!).takeUnretainedValue().sum += 1; return 1
                }, Unmanaged.passUnretained(a).toOpaque())
                if a.sum != before { a.n += 1 }
            }
        }
    }
    hsTotal += th
    if a.n != pcreMatches { disagree += 1 }
    hs_free_scratch(s2); hs_free_database(db)
}
print("== regex confirm on candidate lines (\(matchersRun) matchers, \(candBytes) candidate bytes)")
print(String(format: "   PCRE2 JIT (logtrace), all \(matchersRun) matchers        %.3f s", pcreTotal))
print(String(format: "   PCRE2 JIT, the \(compiled) Vectorscan compiles      %.3f s", pcreCompiled))
print(String(format: "   Vectorscan, the \(compiled) it compiles         %.3f s   (%d disagree with PCRE2 on matching lines)", hsTotal, disagree))
print("   Vectorscan refuses \(refused.count) of \(matchersRun) pack regexes:")
for r in refused.prefix(40) { print("     - \(r)") }

// MARK: 3. the whole pack's regexes in one database over whole blocks
if ProcessInfo.processInfo.environment["SKIP_DB"] != nil { exit(0) }
var pats: [String] = [], pIDs: [UInt32] = [], pFlags: [UInt32] = []
for (i, m) in rules.matchers.enumerated() {
    guard let re = m.regex else { continue }
    var db: OpaquePointer?
    if hs_compile(re.pattern, UInt32(HS_FLAG_SINGLEMATCH), UInt32(HS_MODE_BLOCK), nil, &db, &cerr) == HS_SUCCESS {
        hs_free_database(db); pats.append(re.pattern); pIDs.append(UInt32(i)); pFlags.append(UInt32(HS_FLAG_SINGLEMATCH | HS_FLAG_MULTILINE))
    } else { hs_free_compile_error(cerr) }
}
var cpats = pats.map { strdup($0) }
var cp = cpats.map { UnsafePointer($0) }
var allDB: OpaquePointer?
var tAllCompile = 0.0
let c0 = DispatchTime.now().uptimeNanoseconds
let allOK = hs_compile_multi(&cp, &pFlags, &pIDs, UInt32(pats.count), UInt32(HS_MODE_BLOCK), nil, &allDB, &cerr) == HS_SUCCESS
tAllCompile = Double(DispatchTime.now().uptimeNanoseconds - c0) / 1e9
if allOK {
    var s3: OpaquePointer?
    hs_alloc_scratch(allDB, &s3)
    let a = Acc()
    let t = time {
        a.n = 0
        for b in blocks { b.withUnsafeBytes { r in _ = hs_scan(allDB, r.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(r.count), 0, s3, { _, _, _, _, ctx in Unmanaged<Acc>.fromOpaque(ctx!).takeUnretainedValue().n += 1; return 0 }, Unmanaged.passUnretained(a).toOpaque()) } }
    }
    print("== Vectorscan, the \(pats.count) compilable pack regexes in one database, over whole blocks (no per-line anchors, no captures)")
    print(String(format: "   hs_scan                                %@   (compile %.0f ms)", mbs(total, t) as NSString, tAllCompile * 1000))
} else {
    print("== one database of \(pats.count) regexes: \(String(cString: cerr!.pointee.message))")
}
