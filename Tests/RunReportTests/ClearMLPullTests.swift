import Foundation
@testable import RunReport
import XCTest

/// `runreport pull clearml` against a stand-in server (Tests/stand-ins/clearml_server.py: no
/// ClearML server can run here) that serves the real SDK session samples/clearml/small in the
/// API's shapes, a page of 7 events at a time.
final class ClearMLPullTests: XCTestCase {
    private let sample = repositoryRoot + "/samples/clearml/small"

    private func standIn(_ folder: TemporaryFolder) throws -> (StandIn, String, String) {
        let log = folder.path + "/auth.log"
        let server = try StandIn("clearml_server.py", in: folder, arguments: [log, sample])
        return (server, "http://127.0.0.1:" + server.port, log)
    }

    private let keys = ["CLEARML_API_ACCESS_KEY": "AK", "CLEARML_API_SECRET_KEY": "SK", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"]

    func testAPulledTaskReadsAsTheSessionItCameFrom() throws {
        let folder = TemporaryFolder()
        let (server, host, log) = try standIn(folder)
        let out = folder.path + "/pulled"
        let pull = try runCLI(["pull", "clearml", "--api-host", host, "--project", "examples/mnist", "-o", out, "--quiet"], environment: keys)
        XCTAssertEqual(pull.status, 0, pull.stderr)
        XCTAssertTrue(pull.stderr.contains("1 fetched, 0 unchanged"), pull.stderr)
        // runreport's numbers (--precision full), which do not depend on how events were batched: a
        // pulled session holds the server's events a page a line, not the SDK's add_batch calls.
        for command in [["scalars", "--precision", "full"], ["scalars", "--summary", "--precision", "full"],
                        ["scalars", "--key", "iso_time", "--samples", "7", "--precision", "full"], ["log"]] {
            let pulled = try runCLI(command + [out]), direct = try runCLI(command + [sample])
            XCTAssertEqual(pulled.status, 0, pulled.stderr)
            XCTAssertEqual(pulled.stdout, direct.stdout, "\(command)")
        }
        let run = try XCTUnwrap(RunLoader().load(paths: [out]).runs.first)
        let original = try XCTUnwrap(RunLoader().load(paths: [sample]).runs.first)
        XCTAssertEqual(run.metadata?.parameters, original.metadata?.parameters)
        let resolver = ImageResolver(files: run.files), originals = ImageResolver(files: original.files)
        XCTAssertEqual(run.debugImages.count, 2)
        for (image, before) in zip(run.debugImages, original.debugImages) {
            XCTAssertEqual(resolver.bytes(of: image), originals.bytes(of: before), "the image fetched from its URL")
        }
        // Basic credentials for the login only, the token after; images fetched without either
        // (their host is not a configured files server).
        let headers = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(headers.filter { $0.hasPrefix("POST Basic") }.count, 1)
        XCTAssertTrue(headers.filter { $0.hasPrefix("POST") && !$0.hasPrefix("POST Basic") }.allSatisfy { $0 == "POST Bearer tok-123" })
        XCTAssertEqual(headers.filter { $0.hasPrefix("GET") }, ["GET -", "GET -"])
        let again = try runCLI(["pull", "clearml", "--api-host", host, "--task", original.id, "-o", out, "--quiet"], environment: keys)
        XCTAssertTrue(again.stderr.contains("0 fetched, 1 unchanged"), again.stderr)
        _ = server
    }

    func testWrongKeysAndMissingSettingsAreClearErrors() throws {
        let folder = TemporaryFolder()
        let (server, host, _) = try standIn(folder)
        var wrong = keys
        wrong["CLEARML_API_SECRET_KEY"] = "nope"
        let refused = try runCLI(["pull", "clearml", "--api-host", host, "--task", "x", "-o", folder.path + "/o", "--quiet"], environment: wrong)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("the server answered 401 to auth.login"), refused.stderr)
        XCTAssertEqual(try runCLI(["pull", "clearml", "--api-host", host, "-o", folder.path + "/o"], environment: keys).status, 64, "no task named")
        XCTAssertEqual(try runCLI(["pull", "clearml", "--api-host", host, "--task", "x"], environment: ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"]).status, 64,
                       "no keys")
        _ = server
    }

    func testSettingsComeFromTheEnvironmentElseClearmlConf() throws {
        let folder = TemporaryFolder()
        let conf = folder.write("clearml.conf", """
            # a comment: api_server: http://wrong
            api {
                web_server: https://app.example.org
                api_server: "https://api.example.org"
                files_server = https://files.example.org
                credentials {"access_key": "AK1", "secret_key": "SK1"}
                credentials {
                    "access_key" = "AK2"
                    "secret_key"  = "SK2"
                }
            }
            """)
        let fromFile = ClearMLSettings.read(environment: ["CLEARML_CONFIG_FILE": conf])
        XCTAssertEqual(fromFile.apiHost, "https://api.example.org")
        XCTAssertEqual(fromFile.filesHost, "https://files.example.org")
        XCTAssertEqual(fromFile.accessKey, "AK2")
        XCTAssertEqual(fromFile.secretKey, "SK2")
        let fromEnvironment = ClearMLSettings.read(environment: ["CLEARML_CONFIG_FILE": conf, "CLEARML_API_HOST": "http://h", "CLEARML_API_ACCESS_KEY": "E"])
        XCTAssertEqual(fromEnvironment.apiHost, "http://h")
        XCTAssertEqual(fromEnvironment.accessKey, "E")
        XCTAssertEqual(fromEnvironment.secretKey, "SK2")
    }
}
