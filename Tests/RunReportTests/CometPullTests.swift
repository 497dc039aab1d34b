import Foundation
@testable import RunReport
import XCTest

/// `runreport pull comet` against a stand-in REST API (Tests/stand-ins/comet_server.py: no Comet
/// server can run here) that serves the real archive samples/comet/small in the shapes comet_ml's
/// own client reads.
final class CometPullTests: XCTestCase {
    private let sample = repositoryRoot + "/samples/comet/small"

    func testAPulledExperimentReadsAsTheArchiveItCameFrom() throws {
        let folder = TemporaryFolder()
        let log = folder.path + "/auth.log"
        let server = try StandIn("comet_server.py", in: folder, arguments: [log, sample])
        let api = "http://127.0.0.1:\(server.port)/api/rest/v2/", out = folder.path + "/pulled"
        let environment = ["COMET_API_KEY": "comet-key", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"]
        let pull = try runCLI(["pull", "comet", "--api-url", api, "--project", "runreport/examples-comet", "-o", out, "--quiet"], environment: environment)
        XCTAssertEqual(pull.status, 0, pull.stderr)
        for command in [["scalars"], ["scalars", "--key", "iso_time", "--samples", "7"]] {
            XCTAssertEqual(try runCLI(command + [out]).stdout, try runCLI(command + [sample]).stdout, "\(command)")
        }
        let run = try XCTUnwrap(RunLoader().load(paths: [out]).runs.first)
        let original = try XCTUnwrap(RunLoader().load(paths: [sample]).runs.first)
        XCTAssertEqual(run.id, original.id)
        XCTAssertEqual(run.metadata?.name, original.metadata?.name)
        XCTAssertEqual(run.metadata?.project, original.metadata?.project)
        XCTAssertEqual(run.metadata?.tags, original.metadata?.tags)
        XCTAssertEqual(Set(run.metadata?.parameters.map { "\($0.name)=\($0.value)" } ?? []),
                       Set(original.metadata?.parameters.map { "\($0.name)=\($0.value)" } ?? []))
        XCTAssertEqual(ImageResolver(files: run.files).bytes(of: try XCTUnwrap(run.debugImages.first)),
                       ImageResolver(files: original.files).bytes(of: try XCTUnwrap(original.debugImages.first)))
        XCTAssertTrue(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").allSatisfy { $0 == "comet-key" })
        let again = try runCLI(["pull", "comet", "--api-url", api, "--experiment", original.id, "-o", out, "--quiet"], environment: environment)
        XCTAssertTrue(again.stderr.contains("0 fetched, 1 unchanged"), again.stderr)
        let unauthorized = try runCLI(["pull", "comet", "--api-url", api, "--experiment", original.id, "-o", folder.path + "/x", "--quiet"],
                                      environment: ["COMET_API_KEY": "wrong", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(unauthorized.status, 1, unauthorized.stderr)
        XCTAssertTrue(unauthorized.stderr.contains("401"), unauthorized.stderr)
        _ = server
    }

    func testTheKeyComesFromTheEnvironmentElseCometConfig() throws {
        let folder = TemporaryFolder()
        let config = folder.write(".comet.config", "[other]\napi_key = no\n[comet]\nworkspace = w\napi_key = abc123\n")
        XCTAssertEqual(CometSettings.apiKey(environment: ["COMET_CONFIG": config]), "abc123")
        XCTAssertEqual(CometSettings.apiKey(environment: ["COMET_CONFIG": config, "COMET_API_KEY": "env"]), "env")
        XCTAssertNil(CometSettings.apiKey(environment: ["HOME": folder.path + "/none"]))
        XCTAssertEqual(try runCLI(["pull", "comet", "--experiment", "x"], environment: ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"]).status, 64)
    }
}
