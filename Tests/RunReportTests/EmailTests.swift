import Foundation
@testable import RunReport
import XCTest

/// `email`: the message read back by Python's `email` package (an independent MIME parser),
/// its encodings checked by hand, its HTML body shown in Chromium.
final class EmailTests: XCTestCase {
    private var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private func run(_ binary: String, _ arguments: [String]) throws -> String { try runProgram(binary, arguments) }

    private func message(_ folder: TemporaryFolder) throws -> String {
        var options = EmailOptions()
        options.to = ["Ann Müller <ann@example.com>", "bob@example.com"]
        let path = folder.path + "/run.eml"
        try EmailWriter(options: options).write(RunLoader().load(paths: [samplePath("clearml/small")]), to: path)
        return path
    }

    /// What the parser found, as JSON: the tree, headers, cids, PNG sizes, the text part.
    private static let reader = #"""
    import email, json, struct, sys, gzip
    from email import policy
    raw = open(sys.argv[1], 'rb').read()
    msg = email.message_from_bytes(raw, policy=policy.default)
    def tree(part):
        return [part.get_content_type(), [tree(p) for p in part.iter_parts()]] if part.is_multipart() else part.get_content_type()
    out = {"tree": tree(msg), "subject": str(msg["subject"]), "to": str(msg["to"]), "date": str(msg["date"]),
           "defects": sum(len(p.defects) for p in msg.walk()), "longest": max(len(l) for l in raw.split(b"\r\n")),
           "bare_lf": raw.replace(b"\r\n", b"").count(b"\n"), "cids": [], "pngs": [], "attachments": []}
    for part in msg.walk():
        kind = part.get_content_type()
        if kind == "image/png":
            data = part.get_payload(decode=True)
            out["cids"].append(part["Content-ID"].strip("<>"))
            out["pngs"].append(list(struct.unpack(">II", data[16:24])) if data[:8] == b"\x89PNG\r\n\x1a\n" else None)
        elif kind == "text/plain":
            out["text"] = part.get_content()
        elif kind == "text/html" and not part.get_filename():
            out["html"] = part.get_content()
        elif part.get_filename():
            data = part.get_payload(decode=True)
            out["attachments"].append([part.get_filename(), kind, len(gzip.decompress(data)) if kind == "application/gzip" else len(data)])
    print(json.dumps(out))
    """#

    func testAnIndependentParserReadsTheMessage() throws {
        guard let python else { throw XCTSkip("python3 is not installed") }
        let folder = TemporaryFolder()
        let path = try message(folder)
        let script = folder.write("read.py", Self.reader)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run(python, [script, path]).utf8)) as? [String: Any])
        XCTAssertEqual(json["defects"] as? Int, 0)
        XCTAssertLessThanOrEqual(json["longest"] as? Int ?? 999, 998)
        XCTAssertEqual(json["bare_lf"] as? Int, 0, "CRLF line ends only")
        let tree = try XCTUnwrap(json["tree"] as? [Any])
        XCTAssertEqual(tree.first as? String, "multipart/mixed")
        let parts = try XCTUnwrap(tree.last as? [Any])
        XCTAssertEqual((parts.first as? [Any])?.first as? String, "multipart/alternative")
        XCTAssertEqual(parts.dropFirst().map { $0 as? String }, ["text/html", "application/gzip"])
        XCTAssertEqual(json["subject"] as? String, #"offline run <b>bold</b> & ünïcode "quoted" — examples/mnist"#)
        XCTAssertEqual(json["to"] as? String, "Ann Müller <ann@example.com>, bob@example.com")
        XCTAssertEqual(json["date"] as? String, "Sun, 22 Nov 2026 18:56:35 +0000", "the run's last event")
        let cids = try XCTUnwrap(json["cids"] as? [String])
        // Three: the sample's fourth metric has one point, and one-point charts are not drawn in a message.
        XCTAssertEqual(cids, ["chart-1@runreport", "chart-2@runreport", "chart-3@runreport"])
        let html = try XCTUnwrap(json["html"] as? String)
        for cid in cids { XCTAssertTrue(html.contains("src=\"cid:\(cid)\""), cid) }
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertEqual((json["pngs"] as? [[Int]])?.count, 3)
        XCTAssertTrue((json["pngs"] as? [[Int]])?.allSatisfy { $0 == [1200, 600] } ?? false, "600×300 charts at 2×")
        let text = try XCTUnwrap(json["text"] as? String).replacingOccurrences(of: "\r\n", with: "\n")
        XCTAssertTrue(text.contains("  loss / train: 0.117395\n"), text.debugDescription)
        XCTAssertTrue(text.contains("  test accuracy: 0.9731\n"), text)
        XCTAssertTrue(text.contains("  General/lr: 0.001\n"), text)
        let attachments = try XCTUnwrap(json["attachments"] as? [[Any]])
        XCTAssertEqual(attachments.map { $0[0] as? String }, ["report.html", "log.txt.gz"])
        XCTAssertGreaterThan(attachments.last?[2] as? Int ?? 0, 1000, "the log, gzipped, decompresses")
    }

    func testTheSameRunGivesTheSameBytes() throws {
        let folder = TemporaryFolder()
        let first = try Data(contentsOf: URL(fileURLWithPath: message(folder)))
        let second = try Data(contentsOf: URL(fileURLWithPath: message(folder)))
        XCTAssertEqual(first, second)
    }

    func testEncodingsByHand() {
        XCTAssertEqual(String(decoding: MIMEEncoding.quotedPrintable("a=b ü \nend "), as: UTF8.self), "a=3Db =C3=BC=20\r\nend=20")
        let long = String(decoding: MIMEEncoding.quotedPrintable(String(repeating: "x", count: 200)), as: UTF8.self)
        XCTAssertTrue(long.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        XCTAssertEqual(long.replacingOccurrences(of: "=\r\n", with: ""), String(repeating: "x", count: 200))
        XCTAssertEqual(MIMEEncoding.headerText("plain"), "plain")
        let words = MIMEEncoding.headerText(String(repeating: "ü", count: 40)).split(separator: " ")
        XCTAssertEqual(words.count, 3, "19 ü (38 octets) a word, so that 'Subject: ' and a word fit in 78")
        XCTAssertTrue(words.allSatisfy { $0.count <= 64 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        XCTAssertEqual(try Mailbox(parsing: "A \"B\" <a@b.c>").header, #""A \"B\"" <a@b.c>"#)
        XCTAssertEqual(MIMEEncoding.date(milliseconds: 0), "Thu, 1 Jan 1970 00:00:00 +0000")
        XCTAssertEqual(MIMEEncoding.date(milliseconds: 1_795_357_331_768), "Sun, 22 Nov 2026 14:22:11 +0000")
        XCTAssertEqual(MIMEEncoding.date(milliseconds: -1), "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    func testSeveralRunsAskForOne() {
        XCTAssertThrowsError(try EmailWriter().write(RunLoader().load(paths: [samplePath("clearml/sweep")]), to: "/dev/null")) {
            XCTAssertTrue(String(describing: $0).contains("choose it with --task"))
        }
    }

    func testTheHTMLBodyInChromium() throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromium, let python else { throw XCTSkip("chromium or python3 is not installed") }
        let folder = TemporaryFolder()
        let path = try message(folder)
        // The body as a mail client shows it: cid: references resolved to the parts.
        let inline = folder.write("inline.py", """
            import email, base64, sys
            from email import policy
            msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
            html = [p for p in msg.walk() if p.get_content_type() == 'text/html' and not p.get_filename()][0].get_content()
            for p in msg.walk():
                if p.get_content_type() == 'image/png':
                    html = html.replace('cid:' + p['Content-ID'].strip('<>'), 'data:image/png;base64,' + base64.b64encode(p.get_payload(decode=True)).decode())
            open(sys.argv[2], 'w').write(html)
            """)
        _ = try run(python, [inline, path, folder.path + "/body.html"])
        let dom = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + folder.path + "/body.html"])
        let page = try XMLStructure(dom, html: true)
        XCTAssertEqual(page.elements.filter { $0 == "img" }.count, 3)
        XCTAssertFalse(page.elements.contains("script"))
        _ = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=700,2400",
                               "--screenshot=" + folder.path + "/body.png", "file://" + folder.path + "/body.html"])
        XCTAssertGreaterThan((try? FileManager.default.attributesOfItem(atPath: folder.path + "/body.png")[.size] as? Int) ?? 0, 50_000)
    }
}
