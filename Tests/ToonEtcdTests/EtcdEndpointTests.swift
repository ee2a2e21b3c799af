import Testing
import ToonCore
@testable import ToonEtcd

/// Parsing of endpoint lists and the client's option checks (no etcd needed).
@Suite struct EtcdEndpointTests {
    @Test func parsesHostPortForms() throws {
        #expect(try EtcdEndpoint.parse("127.0.0.1:2379") == EtcdEndpoint(host: "127.0.0.1", port: 2379))
        #expect(try EtcdEndpoint.parse("[::1]:2379") == EtcdEndpoint(host: "::1", port: 2379))
        #expect(try EtcdEndpoint.parse("http://etcd-1:2379") == EtcdEndpoint(host: "etcd-1", port: 2379))
        #expect(try EtcdEndpoint.parse("https://10.0.0.1:2379/") == EtcdEndpoint(host: "10.0.0.1", port: 2379))
        #expect(EtcdEndpoint(host: "::1", port: 2379).description == "[::1]:2379")
        let list = try EtcdEndpoint.parseList("a:1,b:2, c:3")
        #expect(list.map(\.description) == ["a:1", "b:2", "c:3"])
    }

    @Test(arguments: ["", "host", "host:", ":2379", "host:0", "host:65536", "host:x", "::1:2379", "[::1]2379",
                      "a:1,,b:2", "a:1,a:1", "host/x:1"])
    func refusesBadEndpoints(_ text: String) {
        #expect(throws: ToonDBError.self) { _ = try EtcdEndpoint.parseList(text) }
        do { _ = try EtcdEndpoint.parseList(text) } catch let e as ToonDBError {
            #expect(e.code == .invalidArgument, "\(text): \(e)")
        } catch {
            Issue.record("\(text): \(error)")
        }
    }

    @Test func refusesHalfCredentialsAndBadTimeouts() {
        #expect(throws: ToonDBError.self) { _ = try EtcdClient("127.0.0.1:2379", options: EtcdOptions(user: "root")) }
        #expect(throws: ToonDBError.self) { _ = try EtcdClient("127.0.0.1:2379", options: EtcdOptions(password: "x")) }
        #expect(throws: ToonDBError.self) { _ = try EtcdClient("127.0.0.1:2379", options: EtcdOptions(timeout: .zero)) }
        #expect(throws: ToonDBError.self) { _ = try EtcdClient(endpoints: []) }
    }
}
