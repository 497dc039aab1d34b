import Foundation

/// Opens a written page in the desktop's browser: `xdg-open` on Linux, `open` on macOS. Where
/// there is neither (a server, a container), says so; the report is written either way.
enum Browser {
    static func open(_ path: String) {
        #if os(macOS)
        let openers = ["/usr/bin/open"]
        #else
        let openers = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open"]
        #endif
        let url = URL(fileURLWithPath: path).absoluteString
        guard let opener = openers.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            printError("runreport: no browser opener here (xdg-open); open \(url) yourself")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            printError("runreport: could not start \(opener) (\(Failure.message(for: error))); open \(url) yourself")
        }
    }
}
