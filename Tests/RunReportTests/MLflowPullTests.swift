import Foundation
@testable import RunReport
import XCTest

/// `runreport pull mlflow` against a real `mlflow server` on loopback (started here, on a copy
/// of the sample store) and against a stand-in that answers with hostile names and errors.
final class MLflowPullTests: XCTestCase {
    /// A program started for one test, ended when the test is.
    private final class Server {
        let process = Process()
        deinit { if process.isRunning { process.terminate(); process.waitUntilExit() } }
    }

    private func freePort() throws -> Int {
        Int(try runProgram("/usr/bin/env", ["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Waits up to 90 s for `url` to answer.
    private func waitFor(_ url: String) -> Bool {
        for _ in 0..<180 {
            if (try? runProgram("/usr/bin/env", ["python3", "-c", "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1); print('up')", url])) == "up\n" {
                return true
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return false
    }

    private func scalars(_ path: String, task: String) throws -> String {
        let result = try runCLI(["scalars", path, "--task", task])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    func testAPullFromARealServerReadsAsItsStoreAndFetchesOnlyWhatChanged() throws {
        let folder = TemporaryFolder()
        let store = folder.write("server/mlflow.db", Array(try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/samples/mlflow/sqlite/mlflow.db"))))
        // The sample's runs name their artifacts by the absolute path they were written at: here,
        // the sample's folder wherever this checkout is.
        let artifacts = repositoryRoot + "/samples/mlflow/sqlite/artifacts"
        _ = try runProgram("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            for table, column in (("runs", "artifact_uri"), ("experiments", "artifact_location")):
                c.execute(f"UPDATE {table} SET {column} = 'file://' || ? || substr({column}, instr({column}, '/artifacts') + 10) WHERE {column} LIKE 'file://%'", (sys.argv[2],))
            c.commit()
            """, store, artifacts])
        let port = try freePort()
        let uri = "http://127.0.0.1:\(port)"
        let server = Server()
        server.process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.process.arguments = ["python3", "-m", "mlflow", "server", "--backend-store-uri", "sqlite:///" + store,
                                    "--host", "127.0.0.1", "--port", "\(port)", "--workers", "1"]
        server.process.standardOutput = FileHandle.nullDevice
        server.process.standardError = FileHandle.nullDevice
        try server.process.run()
        XCTAssertTrue(waitFor(uri + "/health"), "mlflow server did not start (pip: mlflow, installed by scripts/install-deps.sh --test)")

        let out = folder.path + "/pulled"
        let first = try runCLI(["pull", "mlflow", "--tracking-uri", uri, "-o", out, "--quiet"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("2 fetched, 0 unchanged"), first.stderr)
        for task in ["6261bc850f3b42a8913baba609323bdf", "49696da81015418fa0d8c99a81c933ad"] {
            XCTAssertEqual(try scalars(out, task: task), try scalars(store, task: task), "the pulled run reads as the store (\(task))")
        }
        let pulled = RunLoader().load(paths: [out])
        let direct = RunLoader().load(paths: [store])
        XCTAssertEqual(pulled.runs.map(\.id).sorted(), direct.runs.map(\.id).sorted())
        for run in direct.runs {
            let copy = try XCTUnwrap(pulled.runs.first { $0.id == run.id })
            XCTAssertEqual(copy.metadata?.parameters, run.metadata?.parameters)
            XCTAssertEqual(copy.metadata?.name, run.metadata?.name)
            XCTAssertEqual(copy.extras.properties, run.extras.properties)
            XCTAssertEqual(copy.debugImages.map(\.key), ["artifacts/plots/confusion.png"], "artifacts through the server")
            XCTAssertEqual(copy.extras.textSamples.map(\.text), ["trained with lr=\(run.metadata?.name?.dropFirst(3) ?? "")\nline two\n"])
        }

        let again = try runCLI(["pull", "mlflow", "--tracking-uri", uri, "-o", out, "--quiet"])
        XCTAssertTrue(again.stderr.contains("0 fetched, 2 unchanged"), again.stderr)
        // A point logged meanwhile: that run alone is fetched again.
        _ = try runProgram("/usr/bin/env", ["python3", "-c", """
            import sys; from mlflow.tracking import MlflowClient
            MlflowClient(sys.argv[1]).log_metric("6261bc850f3b42a8913baba609323bdf", "loss", 0.125, timestamp=1765000099000, step=99)
            """, uri])
        let third = try runCLI(["pull", "mlflow", "--tracking-uri", uri, "-o", out, "--quiet"])
        XCTAssertTrue(third.stderr.contains("1 fetched, 1 unchanged"), third.stderr)
        let loss = RunLoader().load(paths: [out]).runs.first { $0.id == "6261bc850f3b42a8913baba609323bdf" }?
            .series[SeriesKey(metric: "loss", variant: "loss")]?.points.last
        XCTAssertEqual(loss?.iteration, 99)
        XCTAssertEqual(loss?.value, 0.125)
    }

    func testAHostileServerCannotWriteOutsideTheOutputAndTokensStayInHeaders() throws {
        let folder = TemporaryFolder()
        let log = folder.path + "/auth.log"
        let server = try StandIn("mlflow_hostile.py", in: folder, arguments: [log])
        let port = server.port
        let out = folder.path + "/site/pulled"
        let result = try runCLI(["pull", "mlflow", "--tracking-uri", "http://127.0.0.1:" + port, "-o", out, "--quiet", "--max-artifact-bytes", "100"],
                                environment: ["MLFLOW_TRACKING_TOKEN": "s3cr3t-token", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(result.status, 3, result.stderr)
        for expected in ["\"../../escape\": not a name", "run ../evil: not a name", "metric ../../../outside: not a name", "metric .hidden: not a name",
                         "/etc/x: not a name", "artifact ../x.txt: not a name", "artifact big.bin"] {
            XCTAssertTrue(result.stderr.contains(expected), "\(expected) in \(result.stderr)")
        }
        // Everything written is below the output; nothing beside it but its lock.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/site").sorted(), [".pulled.lock", "pulled"])
        let written = try XCTUnwrap(FileManager.default.enumerator(atPath: out)?.allObjects as? [String]).sorted()
        XCTAssertEqual(written.filter { !$0.hasPrefix(".") && !$0.contains("/.") }, [
            "1", "1/abc", "1/abc/artifacts", "1/abc/artifacts/ok.txt", "1/abc/meta.yaml", "1/abc/metrics", "1/abc/metrics/a",
            "1/abc/metrics/a/b", "1/abc/params", "1/abc/params/lr", "1/abc/tags", "1/abc/tags/mlflow.runName", "1/meta.yaml",
        ])
        // The 503 was tried again; the run reads back.
        let run = try XCTUnwrap(RunLoader().load(paths: [out]).runs.first)
        XCTAssertEqual(run.series[SeriesKey(metric: "a", variant: "b")]?.points.map(\.iteration), [0, 1])
        XCTAssertEqual(run.metadata?.project, "exp 'one'")
        XCTAssertEqual(run.metadata?.name, "good run", "a line break in a name does not break meta.yaml")
        // The token went in every request's header, and nowhere into the output.
        let headers = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        XCTAssertFalse(headers.isEmpty)
        XCTAssertTrue(headers.allSatisfy { $0 == "Bearer s3cr3t-token" })
        for name in written {
            let bytes = FileManager.default.contents(atPath: out + "/" + name) ?? Data()
            XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains("s3cr3t"), name)
            XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains("secret-bucket"), name)
        }
    }

    /// A pull killed midway leaves a run's staging folder and not the run: the next pull removes
    /// the one and fetches the other; a run already in place is not fetched again.
    func testAPullKilledMidwayIsFinishedByTheNext() throws {
        let folder = TemporaryFolder()
        let server = try StandIn("mlflow_hostile.py", in: folder, arguments: [folder.path + "/auth.log"])
        let out = folder.path + "/pulled", uri = "http://127.0.0.1:" + server.port
        let first = try runCLI(["pull", "mlflow", "--tracking-uri", uri, "-o", out, "--quiet", "--max-artifact-bytes", "100"])
        XCTAssertTrue(first.stderr.contains("1 fetched, 0 unchanged"), first.stderr)
        // What a kill during the run's write leaves: its staging folder, half written, and no run.
        try FileManager.default.moveItem(atPath: out + "/1/abc", toPath: out + "/1/.abc.partial")
        try FileManager.default.removeItem(atPath: out + "/1/.abc.partial/metrics")
        let second = try runCLI(["pull", "mlflow", "--tracking-uri", uri, "-o", out, "--quiet", "--max-artifact-bytes", "100"])
        XCTAssertTrue(second.stderr.contains("1 fetched, 0 unchanged"), second.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/1/.abc.partial"))
        XCTAssertEqual(RunLoader().load(paths: [out]).runs.first?.series[SeriesKey(metric: "a", variant: "b")]?.count, 2)
        let third = try runCLI(["pull", "mlflow", "--tracking-uri", uri, "-o", out, "--quiet", "--max-artifact-bytes", "100"])
        XCTAssertTrue(third.stderr.contains("0 fetched, 1 unchanged"), third.stderr)
        _ = server
    }

    /// TLS is verified: a server whose certificate no authority of the system's signed is refused.
    func testAServerWithASelfSignedCertificateIsRefused() throws {
        let folder = TemporaryFolder()
        _ = try runProgram("/usr/bin/env", ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                                            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", folder.path + "/key.pem", "-out", folder.path + "/cert.pem"])
        let server = try StandIn("tls_wrap.py", in: folder, arguments: [repositoryRoot + "/Tests/stand-ins/mlflow_hostile.py",
                                 folder.path + "/auth.log", folder.path + "/key.pem", folder.path + "/cert.pem"])
        let port = server.port
        let result = try runCLI(["pull", "mlflow", "--tracking-uri", "https://127.0.0.1:" + port, "-o", folder.path + "/out", "--quiet"],
                                environment: ["MLFLOW_TRACKING_TOKEN": "t", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("certificate"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/auth.log"), "no request got through with the token")
        _ = server
    }

    func testTheCommandRefusesLocalStoresAndCredentialsInTheURL() throws {
        XCTAssertEqual(try runCLI(["pull", "mlflow", "--tracking-uri", "sqlite:///x.db"]).status, 64)
        XCTAssertEqual(try runCLI(["pull", "mlflow", "--tracking-uri", "http://user:pw@127.0.0.1:9"]).status, 64)
        XCTAssertEqual(try runCLI(["pull", "mlflow"], environment: ["PATH": "/usr/bin:/bin"]).status, 64)
        let refused = try runCLI(["pull", "mlflow", "--tracking-uri", "http://127.0.0.1:9", "-o", TemporaryFolder().path + "/o", "--quiet"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("127.0.0.1"), refused.stderr)
    }
}
