using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.TestSupport;
using Xunit;
using VerifyLeak = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer>;
using VerifyWrite = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.WriteAfterConnectionErrorAnalyzer>;

namespace SocketAnalyzers.Tests.Configuration;

/// <summary>
/// The .editorconfig keys of docs/configuration.md, on a connection type of another assembly (the case
/// they exist for). Each key has a test here or in its rule's tests (ConfigurationDocsTests checks that
/// every key is set by some test): write_methods and read_methods in Rules/SOCK001,
/// ownership_transfer_methods and excluded_types in Rules/SOCK005, connection_types also in
/// Rules/SOCK004.
/// </summary>
public sealed class ConfigurationKeyTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Sockets;

        """;

    // Opened, used, and closed in a finally with the vendor's own close method.
    private const string ClosedWithRelease = Usings + """
        class Client
        {
            void Send(byte[] b)
            {
                var channel = {|#0:new Vendor.Channel("example.org")|};
                try { channel.Push(b); }
                finally { channel.Release(); }
            }
        }
        """;

    [Fact]
    public Task Connection_types_makes_a_vendor_type_a_connection_that_must_be_closed() => new VerifyLeak.Test
    {
        TestCode = Usings + """
            class Client
            {
                void Send(byte[] b)
                {
                    var channel = {|#0:new Vendor.Channel("example.org")|};
                    channel.Push(b);
                }

                void SendAndDispose(byte[] b)
                {
                    using (var channel = new Vendor.Channel("example.org"))
                    {
                        channel.Push(b);
                    }
                }
            }
            """,
        TestState = { AdditionalReferences = { VendorLibrary() } },
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.connection_types = Vendor.Channel\n",
        ExpectedDiagnostics = { VerifyLeak.Diagnostic().WithLocation(0).WithArguments("a path") },
    }.RunAsync();

    [Fact]
    public Task Without_connection_types_a_vendor_type_is_not_a_connection() => new VerifyLeak.Test
    {
        TestCode = Usings + """
            class Client
            {
                void Send(byte[] b)
                {
                    var channel = new Vendor.Channel("example.org");
                    channel.Push(b);
                }
            }
            """,
        TestState = { AdditionalReferences = { VendorLibrary() } },
    }.RunAsync();

    [Fact]
    public Task Close_methods_declares_the_vendor_close_and_its_type_a_connection() => new VerifyLeak.Test
    {
        TestCode = ClosedWithRelease,
        TestState = { AdditionalReferences = { VendorLibrary() } },
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.close_methods = Vendor.Channel.Release\n",
    }.RunAsync();

    [Fact]
    public Task Without_close_methods_the_vendor_close_does_not_close() => new VerifyLeak.Test
    {
        TestCode = ClosedWithRelease,
        TestState = { AdditionalReferences = { VendorLibrary() } },
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.connection_types = Vendor.Channel\n",
        ExpectedDiagnostics = { VerifyLeak.Diagnostic().WithLocation(0).WithArguments("a path") },
    }.RunAsync();

    [Fact]
    public Task Keys_are_read_from_a_global_config_too() => new VerifyLeak.Test
    {
        TestCode = ClosedWithRelease,
        TestState = { AdditionalReferences = { VendorLibrary() } },
        EditorConfig = "is_global = true\nsocket_analyzers.close_methods = Vendor.Channel.Release\n",
    }.RunAsync();

    /// <summary>
    /// Keys apply to the files their section covers: the same code reports in a file whose section declares the
    /// vendor type and not in one whose section does not, whichever file the compilation lists first.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Keys_are_read_per_file(bool declaringFileFirst)
    {
        var declaring = ("/0/Vendored.cs", Usings + """
            class Vendored
            {
                void Send(byte[] b)
                {
                    var channel = {|#0:new Vendor.Channel("example.org")|};
                    channel.Push(b);
                }
            }
            """);
        var plain = ("/0/Plain.cs", Usings + """
            class Plain
            {
                void Send(byte[] b)
                {
                    var channel = new Vendor.Channel("example.org");
                    channel.Push(b);
                }
            }
            """);
        var test = new VerifyLeak.Test
        {
            TestState = { AdditionalReferences = { VendorLibrary() } },
            EditorConfig = "root = true\n\n[Vendored.cs]\nsocket_analyzers.connection_types = Vendor.Channel\n",
            ExpectedDiagnostics = { VerifyLeak.Diagnostic().WithLocation(0).WithArguments("a path") },
        };
        test.TestState.Sources.Add(declaringFileFirst ? declaring : plain);
        test.TestState.Sources.Add(declaringFileFirst ? plain : declaring);
        return test.RunAsync();
    }

    [Fact]
    public Task Lists_take_commas_or_semicolons_and_ignore_spaces() => new VerifyLeak.Test
    {
        TestCode = ClosedWithRelease,
        TestState = { AdditionalReferences = { VendorLibrary() } },
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.close_methods = Other.Type.Close ;Vendor.Channel.Release,  Vendor.Channel.Abort\n",
    }.RunAsync();

    [Fact]
    public Task Write_methods_and_read_methods_make_vendor_calls_reads_and_writes() => new VerifyWrite.Test
    {
        TestCode = Usings + """
            class Client
            {
                void Relay({|#1:Vendor.Channel channel|}, byte[] b)
                {
                    try { channel.Pull(b); }
                    catch (IOException) { {|#0:channel.Push(b)|}; }
                }
            }
            """,
        TestState = { AdditionalReferences = { VendorLibrary() } },
        EditorConfig = """
            root = true

            [*.cs]
            socket_analyzers.write_methods = Vendor.Channel.Push
            socket_analyzers.read_methods = Vendor.Channel.Pull
            """,
        ExpectedDiagnostics = { VerifyWrite.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("channel") },
    }.RunAsync();

    [Fact]
    public Task Without_read_methods_the_catch_is_not_after_an_error_of_that_connection() => new VerifyWrite.Test
    {
        TestCode = Usings + """
            class Client
            {
                void Relay(Vendor.Channel channel, byte[] b)
                {
                    try { channel.Pull(b); }
                    catch (IOException) { channel.Push(b); }
                }
            }
            """,
        TestState = { AdditionalReferences = { VendorLibrary() } },
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.write_methods = Vendor.Channel.Push\n",
    }.RunAsync();

    [Fact]
    public Task Excluded_types_are_not_checked_for_leaks() => new VerifyLeak.Test
    {
        TestCode = Usings + """
            class Client
            {
                void Send(byte[] b)
                {
                    var channel = new Vendor.Channel("example.org");
                    channel.Push(b);
                }
            }
            """,
        TestState = { AdditionalReferences = { VendorLibrary() } },
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.connection_types = Vendor.Channel\nsocket_analyzers.excluded_types = Vendor.Channel\n",
    }.RunAsync();

    [Fact]
    public Task Ownership_transfer_methods_hand_a_connection_off_to_a_project_method() => new VerifyLeak.Test
    {
        TestCode = Usings + """
            class Registry
            {
                // Looks like it only writes; in the real program it keeps the socket in a map.
                public void Register(Socket s) { s.Send(new byte[1]); }
            }

            class Server
            {
                void Handle(Socket listener, Registry registry)
                {
                    var s = listener.Accept();
                    registry.Register(s);
                }
            }
            """,
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.ownership_transfer_methods = Registry.Register\n",
    }.RunAsync();

    /// <summary>A library with a connection type the analyzers cannot know: a vendor's channel.</summary>
    private static MetadataReference VendorLibrary()
    {
        var library = CSharpCompilation.Create(
            "Vendor",
            new[]
            {
                CSharpSyntaxTree.ParseText("""
                    namespace Vendor
                    {
                        public class Channel : System.IDisposable
                        {
                            public Channel(string host) { }
                            public void Push(byte[] b) { }
                            public int Pull(byte[] b) => 0;
                            public void Release() { }
                            public void Abort() { }
                            public void Dispose() { }
                        }
                    }
                    """),
            },
            TestReferences.Net100,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return library.ToMetadataReference();
    }
}
