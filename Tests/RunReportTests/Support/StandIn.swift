import Foundation

/// A stand-in server of Tests/stand-ins/ started for one test on loopback, and ended with it: the
/// script writes its port to the file named by its first argument.
final class StandIn {
    private let process = Process()
    /// The port it listens on; empty when it did not start within 10 s.
    private(set) var port = ""

    /// Starts `python3 script portFile arguments...`; `script` is a file of Tests/stand-ins/.
    init(_ script: String, in folder: TemporaryFolder, arguments: [String]) throws {
        let portFile = folder.path + "/port-" + UUID().uuidString
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot + "/Tests/stand-ins/" + script, portFile] + arguments
        try process.run()
        for _ in 0..<100 where port.isEmpty {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)) ?? ""
            if port.isEmpty { Thread.sleep(forTimeInterval: 0.1) }
        }
    }

    deinit {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }
}
