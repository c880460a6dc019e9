using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketAnalyzers.CodeFixes.CloseSequences;
using SocketAnalyzers.Model;
using SocketAnalyzers.TestSupport;
using Xunit;

namespace SocketAnalyzers.Tests.Fixes;

/// <summary>
/// The proof a closing fix needs: the method still owns the connection. Each case is a shape seen on real code where a
/// close inserted by a fix broke the program (a task still using the client, a socket registered with the server, an
/// asynchronous operation still pending), next to the shapes where the method keeps it to itself.
/// </summary>
public sealed class MethodOwnershipTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        class Server
        {
            readonly List<Socket> _sessions = new List<Socket>();

            void Kept(TcpListener listener, byte[] b)
            {
                var client = listener.AcceptTcpClient();
                var stream = client.GetStream();
                var reader = new StreamReader(stream);
                var n = stream.Read(b, 0, b.Length);
                Console.WriteLine(reader.ReadLine() + n + client.Available);
            }

            void ToATask(TcpListener listener, byte[] b)
            {
                var client = listener.AcceptTcpClient();
                Task.Run(() => client.GetStream().Write(b, 0, b.Length));
            }

            void Registered(Socket listener)
            {
                var s = listener.Accept();
                _sessions.Add(s);
            }

            void WrapperHandedOn(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                var stream = client.GetStream();
                Serve(stream);
            }

            void PendingOperation(Socket s)
            {
                var args = new SocketAsyncEventArgs();
                s.ConnectAsync(args);
            }

            void Returned(TcpListener listener, out TcpClient accepted)
            {
                var client = listener.AcceptTcpClient();
                accepted = client;
            }

            void Serve(Stream stream) { }
        }
        """;

    [Theory]
    [InlineData("Kept", "client", true)]
    [InlineData("ToATask", "client", false)]
    [InlineData("Registered", "s", false)]
    [InlineData("WrapperHandedOn", "client", false)]
    [InlineData("PendingOperation", "args", false)]
    [InlineData("Returned", "client", false)]
    public void StaysInFunction(string method, string local, bool expected)
    {
        var tree = CSharpSyntaxTree.ParseText(Source);
        var compilation = CSharpCompilation.Create("Test", new[] { tree }, TestReferences.Net100, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var semanticModel = compilation.GetSemanticModel(tree);
        var body = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
        var declarator = body.DescendantNodes().OfType<VariableDeclaratorSyntax>().First(d => d.Identifier.ValueText == local);
        var symbol = (ILocalSymbol)semanticModel.GetDeclaredSymbol(declarator)!;

        Assert.Equal(expected, MethodOwnership.StaysInFunction(symbol, semanticModel, ConnectionModel.TryCreate(compilation)!, CancellationToken.None));
    }
}
