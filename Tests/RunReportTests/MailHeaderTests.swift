import Foundation
@testable import RunReport
import XCTest

/// Rule 5: mail headers are built, never copied. Every message is read back by Python's
/// `email` package (policy.default), which tells the exact header set and the decoded values.
final class MailHeaderTests: XCTestCase {
    private static let headerSet = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "X-Mailer", "Content-Type"]

    private var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The top-level headers as the parser sees them, decoded, and the raw header block's lines.
    private static let reader = #"""
    import email, json, sys
    from email import policy
    raw = open(sys.argv[1], 'rb').read()
    msg = email.message_from_bytes(raw, policy=policy.default)
    head = raw.split(b"\r\n\r\n", 1)[0]
    out = {"names": list(msg.keys()), "subject": str(msg["subject"]),
           "from": [[a.display_name, a.addr_spec] for a in msg["from"].addresses],
           "to": [[a.display_name, a.addr_spec] for a in msg["to"].addresses] if msg["to"] else [],
           "defects": sum(len(msg[k].defects) for k in msg.keys()) + len(msg.defects),
           "lines": [len(l) for l in head.split(b"\r\n")], "bare": head.replace(b"\r\n", b"").count(b"\n") + head.count(b"\r") - head.count(b"\r\n")}
    print(json.dumps(out))
    """#

    private struct Read: Decodable {
        let names: [String], subject: String, from: [[String]], to: [[String]], defects: Int, lines: [Int], bare: Int
    }

    private func read(_ path: String, _ folder: TemporaryFolder) throws -> Read {
        guard let python else { throw XCTSkip("python3 is not installed") }
        let script = folder.write("read.py", Self.reader)
        return try JSONDecoder().decode(Read.self, from: Data(runProgram(python, [script, path]).utf8))
    }

    /// A copy of the small session with its task's name (and so the default subject) replaced.
    private func session(named name: String, in folder: TemporaryFolder) throws -> String {
        let source = samplePath("clearml/small")
        let target = folder.path + "/session"
        try FileManager.default.copyItem(atPath: source, toPath: target)
        var task = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: target + "/task.json"))) as? [String: Any])
        task["name"] = name
        try JSONSerialization.data(withJSONObject: task).write(to: URL(fileURLWithPath: target + "/task.json"))
        return target
    }

    private func email(_ options: EmailOptions, input: String = samplePath("clearml/small"), _ folder: TemporaryFolder) throws -> Read {
        let path = folder.path + "/run.eml"
        try EmailWriter(options: options).write(RunLoader().load(paths: [input]), to: path)
        return try read(path, folder)
    }

    func testAddressesAreParsedAndWrittenAnew() throws {
        let folder = TemporaryFolder()
        var options = EmailOptions()
        options.from = #"  "Doe, John \"JD\"" <john.doe+runs@example.com>  "#
        options.to = ["Ann Müller <ann@example.com>", "bob@example.com", #""quoted local"@example.com"#, "ops@[192.0.2.1]",
                      "Eve =?UTF-8?B?QmNjOg==?= <eve@example.org>", #""a<b> @c \d" <odd@example.org>"#, "<bare@example.net>"]
        let message = try email(options, folder)
        XCTAssertEqual(message.names, Self.headerSet)
        XCTAssertEqual(message.defects, 0)
        XCTAssertEqual(message.from, [[#"Doe, John "JD""#, "john.doe+runs@example.com"]])
        XCTAssertEqual(message.to, [["Ann Müller", "ann@example.com"], ["", "bob@example.com"], ["", #""quoted local"@example.com"#],
                                    ["", "ops@[192.0.2.1]"], ["Eve =?UTF-8?B?QmNjOg==?=", "eve@example.org"],
                                    ["a<b> @c d", "odd@example.org"], ["", "bare@example.net"]])
        XCTAssertTrue(message.lines.allSatisfy { $0 <= 78 }, "\(message.lines)")
    }

    func testManyLongRecipientsFoldBetweenMailboxes() throws {
        let folder = TemporaryFolder()
        var options = EmailOptions()
        let local = String(repeating: "l", count: 64), domain = String(repeating: "d", count: 60) + "." + String(repeating: "e", count: 120)
        options.to = (0..<50).map { "Recipient \($0) <\(local)@\($0).\(domain)>" }
        let message = try email(options, folder)
        XCTAssertEqual(message.names, Self.headerSet)
        XCTAssertEqual(message.to, (0..<50).map { ["Recipient \($0)", "\(local)@\($0).\(domain)"] })
        XCTAssertEqual(message.defects, 0)
        XCTAssertTrue(message.lines.allSatisfy { $0 <= 998 })
        XCTAssertGreaterThan(message.lines.count, 50, "folded, one mailbox a line at least")
    }

    func testWhatIsNotAMailboxIsRefused() {
        for text in ["", "   ", "ann", "ann@", "@example.com", "a..b@example.com", ".a@example.com", "a.@example.com", "a@b..c",
                     "a@.b", "a@b.", "a@b@c", "a b@example.com", "a@example.com, eve@evil.example", "ann@exämple.com", "änn@example.com",
                     "Ann <ann@example.com", "Ann ann@example.com>", "Ann <>", "Ann <ann>", "<a@b> <c@d>", "\"open@example.com",
                     "\"a\"b@example.com", "a@[1.2.3.4", "a@[a[b]", "a@[]", String(repeating: "a", count: 65) + "@example.com",
                     "a@" + String(repeating: "b.", count: 130) + "c", "a(comment)@example.com", "a@example.com (Ann)"] {
            XCTAssertThrowsError(try Mailbox(parsing: text), text) { error in
                guard case .notAnAddress = error as? MailHeaderError else { return XCTFail("\(text): \(error)") }
            }
        }
    }

    func testEveryControlCharacterIsRefusedInEveryHeaderInput() {
        let controls: [Unicode.Scalar] = ["\r", "\n", "\0", "\t", "\u{7}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{2028}", "\u{2029}"]
        for scalar in controls {
            let text = "ann@example.com" + String(Character(scalar)) + "Bcc: eve@evil.example"
            XCTAssertThrowsError(try Mailbox(parsing: text)) { XCTAssertEqual($0 as? MailHeaderError, .controlCharacter(scalar)) }
            XCTAssertThrowsError(try Mailbox(parsing: "Ann" + String(Character(scalar)) + " <ann@example.com>")) {
                XCTAssertEqual($0 as? MailHeaderError, .controlCharacter(scalar))
            }
            XCTAssertThrowsError(try MailHeaderError.refuseControls(in: "Hi" + String(Character(scalar)) + "there"))
        }
        XCTAssertNoThrow(try MailHeaderError.refuseControls(in: "plain ünïcode — 数据 \u{200B}"))
    }

    func testTheCommandRefusesControlCharactersNamingTheOption() throws {
        let folder = TemporaryFolder()
        let output = folder.path + "/run.eml"
        let cases: [([String], String)] = [
            (["--to", "ann@example.com\r\nBcc: eve@evil.example"], "--to 'ann@example.com\\u{d}\\u{a}Bcc: eve@evil.example' holds a control character (U+000D)"),
            (["--to", "ok@example.com", "--to", "Ann\n <ann@example.com>"], "--to 'Ann\\u{a} <ann@example.com>' holds a control character (U+000A)"),
            (["--from", "me@example.com\nReply-To: eve@evil.example"], "--from 'me@example.com\\u{a}Reply-To: eve@evil.example' holds a control character (U+000A)"),
            (["--subject", "Hi\u{2028}Bcc: eve@evil.example"], "--subject 'Hi\u{2028}Bcc: eve@evil.example' holds a control character (U+2028)"),
            (["--subject", "a\u{1B}[2Jb"], "--subject 'a\\u{1b}[2Jb' holds a control character (U+001B)"),  // NUL cannot pass argv
            (["--subject", "x\u{85}y"], "holds a control character (U+0085)"),
            (["--to", "ann"], "--to 'ann' is not an email address: it has no '@'"),
            (["--from", "me@exämple.com"], "--from 'me@exämple.com' is not an email address: the address is not ASCII (write the domain as xn--…)"),
        ]
        for (arguments, message) in cases {
            let outcome = try runCLI(["email", samplePath("clearml/small"), "-o", output] + arguments)
            XCTAssertEqual(outcome.status, 64, "\(arguments)")
            XCTAssertTrue(outcome.stderr.contains(message), outcome.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        }
    }

    func testLongSubjectsAreFoldedAndDecodeToWhatWasGiven() throws {
        let folder = TemporaryFolder()
        let subjects = [
            String(repeating: "x", count: 3000),
            (0..<400).map { "word\($0)" }.joined(separator: " "),
            String(repeating: "ü", count: 1500),
            String(repeating: "🦀", count: 600),
            "a" + String(repeating: "\u{301}", count: 1200),  // one character of 2,401 octets
            "  leading, double  and trailing spaces  ",
            "=?UTF-8?B?QmNjOiBldmVAZXZpbC5leGFtcGxl?=",
            "short",
        ]
        for subject in subjects {
            var options = EmailOptions()
            options.to = ["ann@example.com"]
            options.subject = subject
            let message = try email(options, folder)
            XCTAssertEqual(message.names, Self.headerSet)
            XCTAssertEqual(message.subject, subject)
            XCTAssertEqual(message.defects, 0)
            XCTAssertEqual(message.bare, 0)
            XCTAssertTrue(message.lines.allSatisfy { $0 <= 78 }, "\(subject.prefix(20)): \(message.lines.max() ?? 0)")
        }
    }

    func testARunsNameIsMadeOneLineNotRefused() throws {
        let folder = TemporaryFolder()
        let name = "evil\r\nBcc: eve@evil.example\u{2028}\u{0}x\u{85}\t" + String(repeating: "long ", count: 300)
        let input = try session(named: name, in: folder)
        var options = EmailOptions()
        options.to = ["ann@example.com"]
        let message = try email(options, input: input, folder)
        XCTAssertEqual(message.names, Self.headerSet, "no header but the built ones")
        XCTAssertEqual(message.subject, "evil Bcc: eve@evil.example x " + String(repeating: "long ", count: 299) + "long — examples/mnist")
        XCTAssertTrue(message.lines.allSatisfy { $0 <= 78 })
        let outcome = try runCLI(["email", input, "-o", folder.path + "/cli.eml", "--to", "ann@example.com"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
    }

    func testFoldingAndDatesHoldAtTheEdges() {
        XCTAssertEqual(MIMEEncoding.oneLine(" \r\n a \u{2029}\u{2028} b\u{0} "), "a b")
        XCTAssertFalse(MIMEEncoding.isPlainText("a  b"))
        XCTAssertFalse(MIMEEncoding.isPlainText(" a"))
        XCTAssertFalse(MIMEEncoding.isPlainText("a=?b"))
        XCTAssertFalse(MIMEEncoding.isPlainText(String(repeating: "y", count: 67)))
        XCTAssertTrue(MIMEEncoding.isPlainText(String(repeating: "y", count: 66) + " z"))
        let folded = MIMEEncoding.header("Subject", MIMEEncoding.headerText(String(repeating: "é", count: 700)))
        XCTAssertTrue(folded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 && !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        XCTAssertEqual(MIMEEncoding.date(milliseconds: -86_400_000), "Wed, 31 Dec 1969 00:00:00 +0000")
        XCTAssertTrue(MIMEEncoding.date(milliseconds: .min).hasSuffix("+0000"))
        XCTAssertTrue(MIMEEncoding.date(milliseconds: .max).hasSuffix("+0000"))
    }
}
