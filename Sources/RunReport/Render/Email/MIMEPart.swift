/// One part of a MIME message: headers and either an encoded body or parts of a multipart.
public struct MIMEPart {
    public var headers: [(String, String)]
    public var body: [UInt8] = []
    public var parts: [MIMEPart] = []
    /// The multipart subtype (`mixed`, `alternative`, `related`), nil for a leaf.
    public var multipart: String?
    /// Extra Content-Type parameters of a multipart (`type="text/html"` for related).
    public var parameters = ""

    public init(headers: [(String, String)], body: [UInt8]) {
        self.headers = headers
        self.body = body
    }

    public init(multipart: String, parts: [MIMEPart], parameters: String = "") {
        headers = []
        self.multipart = multipart
        self.parts = parts
        self.parameters = parameters
    }

    /// Text, quoted-printable.
    public static func text(_ text: String, subtype: String) -> MIMEPart {
        MIMEPart(headers: [("Content-Type", "text/\(subtype); charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable")],
                 body: MIMEEncoding.quotedPrintable(text))
    }

    /// Bytes, base64; `id` makes it an inline part others refer to as `cid:id`.
    public static func file(_ bytes: [UInt8], type: String, name: String, id: String? = nil) -> MIMEPart {
        var headers = [("Content-Type", "\(type); name=\"\(name)\""), ("Content-Transfer-Encoding", "base64")]
        if let id {
            headers += [("Content-ID", "<\(id)>"), ("Content-Disposition", "inline; filename=\"\(name)\"")]
        } else {
            headers.append(("Content-Disposition", "attachment; filename=\"\(name)\""))
        }
        return MIMEPart(headers: headers, body: MIMEEncoding.base64(bytes))
    }

    /// The part as it goes into a message, CRLF line ends. Boundaries are `=_runreport_` and the
    /// part's place in the tree: `=_` cannot occur in quoted-printable or base64 lines.
    public func serialized(path: String = "0") -> [UInt8] {
        var out: [UInt8] = []
        func line(_ text: String) { out += Array(text.utf8) + [13, 10] }
        if let multipart {
            let boundary = "=_runreport_\(path)"
            for (name, value) in headers { line(MIMEEncoding.header(name, value)) }
            line(MIMEEncoding.header("Content-Type", "multipart/\(multipart); boundary=\"\(boundary)\"\(parameters)"))
            line("")
            for (index, part) in parts.enumerated() {
                line("--" + boundary)
                out += part.serialized(path: path + "." + String(index + 1))
            }
            line("--" + boundary + "--")
        } else {
            for (name, value) in headers { line(MIMEEncoding.header(name, value)) }
            line("")
            out += body
            if body.last != 10 { out += [13, 10] }
        }
        return out
    }
}
