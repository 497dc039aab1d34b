// runreport-fuzz: built with -DFUZZING (make fuzz) it is a libFuzzer binary; built plainly it
// replays inputs, `runreport-fuzz TARGET FILE...`, which the test suite runs over the seed
// corpus and over the inputs fuzzing found to crash (fuzz/regressions/).
#if !FUZZING
import Foundation

@main
struct Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write("usage: runreport-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...\n".data(using: .utf8)!)
            exit(64)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write("runreport-fuzz: cannot read \(path)\n".data(using: .utf8)!)
                exit(1)
            }
            target.run(Array(data))
        }
    }
}
#endif
