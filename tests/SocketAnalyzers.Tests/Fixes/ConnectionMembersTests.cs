using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Rules;
using SocketAnalyzers.TestSupport;
using Xunit;
using WriteVerify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.WriteAfterConnectionErrorAnalyzer,
    SocketAnalyzers.CodeFixes.WriteAfterConnectionErrorCodeFix>;
using ReadVerify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ZeroByteReadNotEndOfStreamAnalyzer,
    SocketAnalyzers.CodeFixes.ZeroByteReadNotEndOfStreamCodeFix>;
using CloseVerify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.CloseWithoutShutdownAnalyzer,
    SocketAnalyzers.CodeFixes.CloseWithoutShutdownCodeFix>;

namespace SocketAnalyzers.Tests.Fixes;

/// <summary>
/// The analyzer → fixer contract of the connection rules (<see cref="ConnectionFixData"/>): the diagnostic locates the
/// connection's members at their declarations, and the fixer reads them back there (<see cref="ConnectionMembers"/>),
/// so a name that means another symbol where the fix edits (a local of a lambda hiding a field) or a member declared
/// in another file changes nothing.
/// </summary>
public sealed class ConnectionMembersTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Sockets;

        """;

    [Fact]
    public Task Diagnostic_LocatesEachMemberAtItsDeclaration_OwnerFirst() => WriteVerify.VerifyAnalyzerAsync(
        Usings + """
        class Server
        {
            void Handle({|#2:TcpClient client|})
            {
                var {|#1:writer = new StreamWriter(client.GetStream())|};
                try { writer.Write("hello"); }
                catch (IOException)
                {
                    {|#0:writer.Write("bye")|};
                }
            }
        }
        """,
        WriteVerify.Diagnostic().WithLocation(0).WithLocation(2).WithLocation(1).WithArguments("writer"));

    [Theory]
    [InlineData("""
        class Server
        {
            TcpClient _client;
            NetworkStream Stream { get; set; }

            void M(byte[] b)
            {
                Stream = _client.GetStream();
                try { Stream.Write(b, 0, 1); }
                catch (IOException) { Stream.Write(b, 0, 1); }
            }
        }
        """, "Field _client, Property Stream")]
    [InlineData("""
        class Server
        {
            void M(Socket s, byte[] b)
            {
                Action send = () =>
                {
                    var stream = new NetworkStream(s);
                    try { stream.Write(b, 0, 1); }
                    catch (IOException) { stream.Write(b, 0, 1); }
                };
            }
        }
        """, "Parameter s, Local stream")]
    [InlineData("""
        class Server
        {
            void M(List<Socket> sockets, byte[] b)
            {
                foreach (var s in sockets)
                {
                    try { s.Send(b); }
                    catch (SocketException) { s.Send(b); }
                }
            }
        }
        """, "Local s")]
    [InlineData("""
        class Server
        {
            void M(object o, byte[] b)
            {
                if (o is Socket s)
                {
                    try { s.Send(b); }
                    catch (SocketException) { s.Send(b); }
                }
            }
        }
        """, "Local s")]
    public async Task Fixer_ReadsTheMembersBackAtTheirDeclarations(string source, string expected)
    {
        var (diagnostic, semanticModel) = await FirstDiagnosticAsync(new WriteAfterConnectionErrorAnalyzer(), Usings + source);

        var members = ConnectionMembers.Read(diagnostic, semanticModel, CancellationToken.None);

        Assert.Equal(expected, Describe(members));
        Assert.True(members.IsComplete);
    }

    /// <summary>A member of a referenced assembly has no declaration to locate: its place in the order is kept, and the connection is incomplete.</summary>
    [Fact]
    public void AMemberOutsideSource_KeepsItsPlace()
    {
        var tree = CSharpSyntaxTree.ParseText(Usings + """
            class Client : TcpClient
            {
                void M() { var s = Client; }
            }
            """);
        var compilation = CSharpCompilation.Create("Test", new[] { tree }, TestReferences.Net100, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var semanticModel = compilation.GetSemanticModel(tree);
        var local = semanticModel.GetDeclaredSymbol(tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Single())!;
        var client = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient")!.GetMembers("Client").Single();
        var diagnostic = ConnectionFixData.Create(
            WriteAfterConnectionErrorAnalyzer.Rule, Location.None, compilation, new[] { client, local }, ImmutableDictionary<string, string?>.Empty, "s");

        var members = ConnectionMembers.Read(diagnostic, semanticModel, CancellationToken.None);

        Assert.Equal("0", diagnostic.Properties[ConnectionFixData.MembersOutsideSource]);
        Assert.Equal("outside source, Local s", Describe(members));
        Assert.False(members.IsComplete);
    }

    [Fact]
    public async Task Fixer_ReadsAFieldDeclaredInAnotherFile()
    {
        var (diagnostic, semanticModel) = await FirstDiagnosticAsync(
            new WriteAfterConnectionErrorAnalyzer(),
            Usings + """
            partial class Server
            {
                void M(byte[] b)
                {
                    try { _stream.Write(b, 0, 1); }
                    catch (IOException) { _stream.Write(b, 0, 1); }
                }
            }
            """,
            "partial class Server { System.Net.Sockets.NetworkStream _stream; }");

        var members = ConnectionMembers.Read(diagnostic, semanticModel, CancellationToken.None);

        Assert.Equal("Field _stream", Describe(members));
        Assert.NotEqual(semanticModel.SyntaxTree, diagnostic.AdditionalLocations[0].SourceTree);
    }

    /// <summary>
    /// The read is on the field; the lambda's local of the same name is another socket. Looked up by name, the owner
    /// to close would be that local (accepted here, kept inside): the fix would have disposed the wrong socket.
    /// </summary>
    [Fact]
    public Task SOCK006_AFieldHiddenByALambdasLocal_IsNotClosedAsThatLocal() => ReadVerify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            Socket s;

            void Run(Socket listener, byte[] buffer)
            {
                Action serve = () =>
                {
                    var s = listener.Accept();
                    s.Send(buffer);
                    while (true)
                    {
                        [|this.s.Receive(buffer)|];
                    }
                };
                serve();
            }
        }
        """, Usings + """
        class Server
        {
            Socket s;

            void Run(Socket listener, byte[] buffer)
            {
                Action serve = () =>
                {
                    var s = listener.Accept();
                    s.Send(buffer);
                    while (true)
                    {
                        var n = this.s.Receive(buffer);
                        if (n == 0)
                            break;
                    }
                };
                serve();
            }
        }
        """);

    /// <summary>The failed connection is the field; by name, the lambda's own accepted socket would have been disposed.</summary>
    [Fact]
    public Task SOCK001_AFieldHiddenByALambdasLocal_IsNotClosedAsThatLocal() => WriteVerify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            Socket s;

            void Run(Socket listener, byte[] b)
            {
                Action serve = () =>
                {
                    var s = listener.Accept();
                    s.Send(b);
                    try { this.s.Send(b); }
                    catch (SocketException)
                    {
                        [|this.s.Send(b)|];
                    }
                };
                serve();
            }
        }
        """, Usings + """
        class Server
        {
            Socket s;

            void Run(Socket listener, byte[] b)
            {
                Action serve = () =>
                {
                    var s = listener.Accept();
                    s.Send(b);
                    try { this.s.Send(b); }
                    catch (SocketException)
                    {
                        return;
                    }
                };
                serve();
            }
        }
        """);

    /// <summary>The writes go to a field declared in another file of the class: the fix reads it there and removes the rest of the reply.</summary>
    [Fact]
    public Task SOCK001_AFieldInAnotherPartialFile() => new WriteVerify.Test
    {
        TestState =
        {
            Sources =
            {
                Usings + """
                partial class Server
                {
                    void Handle(byte[] b)
                    {
                        try { _stream.Write(b, 0, b.Length); }
                        catch (IOException)
                        {
                            [|_stream.Write(b, 0, 1)|];
                            [|_stream.Write(b, 0, 1)|];
                            Console.WriteLine("gone");
                        }
                    }
                }
                """,
                "partial class Server { System.Net.Sockets.NetworkStream _stream; }",
            },
        },
        FixedState =
        {
            Sources =
            {
                Usings + """
                partial class Server
                {
                    void Handle(byte[] b)
                    {
                        try { _stream.Write(b, 0, b.Length); }
                        catch (IOException)
                        {
                            Console.WriteLine("gone");
                            return;
                        }
                    }
                }
                """,
                "partial class Server { System.Net.Sockets.NetworkStream _stream; }",
            },
        },
    }.RunAsync();

    /// <summary>The closed socket's owner is a field of another file: the sequence shuts it down through that field.</summary>
    [Fact]
    public Task SOCK008_AFieldInAnotherPartialFile() => new CloseVerify.Test
    {
        TestState =
        {
            Sources =
            {
                Usings + """
                partial class Server
                {
                    void Handle(byte[] b)
                    {
                        client.GetStream().Read(b, 0, b.Length);
                        [|client.Client.Close()|];
                    }
                }
                """,
                "partial class Server { System.Net.Sockets.TcpClient client = new System.Net.Sockets.TcpClient(); }",
            },
        },
        FixedState =
        {
            Sources =
            {
                Usings + TcpClientNormalEnd("client", "Server"),
                "partial class Server { System.Net.Sockets.TcpClient client = new System.Net.Sockets.TcpClient(); }",
            },
        },
    }.RunAsync();

    /// <summary>
    /// The closed socket belongs to the field; in the lambda a local of the same name is another client. By name the
    /// sequence would have shut down and closed that local; it names the field through <c>this</c>.
    /// </summary>
    [Fact]
    public Task SOCK008_AFieldHiddenByALambdasLocal_IsNamedThroughThis() => CloseVerify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            TcpClient client = new TcpClient();

            void Run(byte[] b)
            {
                Action handle = () =>
                {
                    var client = new TcpClient();
                    this.client.GetStream().Read(b, 0, b.Length);
                    [|this.client.Client.Close()|];
                };
                handle();
            }
        }
        """, Usings + """
        class Server
        {
            TcpClient client = new TcpClient();

            void Run(byte[] b)
            {
                Action handle = () =>
                {
                    var client = new TcpClient();
                    this.client.GetStream().Read(b, 0, b.Length);
                    try
                    {
                        this.client.Client?.Shutdown(SocketShutdown.Both);
                    }
                    catch (SocketException)
                    {
                        // The peer reset the connection already: nothing is left to shut down.
                    }
                    catch (ObjectDisposedException)
                    {
                        // Closed already: through a wrapper that owned it, or by an earlier close.
                    }
                    finally
                    {
                        this.client.Close();
                    }
                };
                handle();
            }
        }
        """);

    private static string TcpClientNormalEnd(string name, string type) => $$"""
        partial class {{type}}
        {
            void Handle(byte[] b)
            {
                {{name}}.GetStream().Read(b, 0, b.Length);
                try
                {
                    {{name}}.Client?.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // The peer reset the connection already: nothing is left to shut down.
                }
                catch (ObjectDisposedException)
                {
                    // Closed already: through a wrapper that owned it, or by an earlier close.
                }
                finally
                {
                    {{name}}.Close();
                }
            }
        }
        """;

    private static string Describe(ConnectionMembers members) =>
        string.Join(", ", members.All.Select(member => member is null ? "outside source" : member.Kind + " " + member.Name));

    private static async Task<(Diagnostic Diagnostic, SemanticModel SemanticModel)> FirstDiagnosticAsync(DiagnosticAnalyzer analyzer, params string[] sources)
    {
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, path: "File" + i + ".cs")).ToArray();
        var compilation = CSharpCompilation.Create("Test", trees, TestReferences.Net100, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
        var diagnostic = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).First();
        return (diagnostic, compilation.GetSemanticModel(diagnostic.Location.SourceTree!));
    }
}
