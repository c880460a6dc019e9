using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;
using SocketAnalyzers.Testing;
using Xunit;

namespace SocketAnalyzers.Tests.Flow;

/// <summary>
/// The decision, made before a control flow graph is built, whether any flow rule (SOCK001, SOCK005, SOCK007,
/// SOCK008) can report in a body. A body it turns away gets no graph: it must turn away only bodies in which no
/// flow rule has anything to report (the rule tests show that none is missed; these show what is turned away).
/// </summary>
public sealed class FlowTriggersTests
{
    [Theory]
    // Writes and reads with no way to fail, no shutdown, no close, no creation: nothing for a flow rule.
    [InlineData("void M(Socket s, byte[] d) { s.Send(d); s.Send(d); }", false)]
    [InlineData("void M(NetworkStream ns, byte[] b) { while (ns.Read(b, 0, b.Length) > 0) { } }", false)]
    [InlineData("int M(Socket s, byte[] b) { var n = s.Receive(b); return n; }", false)]
    // SOCK001: a write and a catch (or a SocketAsyncEventArgs error check).
    [InlineData("void M(Socket s, byte[] d) { try { s.Send(d); } catch (SocketException) { } s.Send(d); }", true)]
    [InlineData("void M(SocketAsyncEventArgs e, Socket s, byte[] d) { if (e.SocketError != SocketError.Success) s.Send(d); }", true)]
    // SOCK005: a creation or an accept.
    [InlineData("void M() { var s = new Socket(SocketType.Stream, ProtocolType.Tcp); }", true)]
    [InlineData("void M(TcpListener l) { var c = l.AcceptTcpClient(); }", true)]
    // SOCK007: a shutdown for sending and a write.
    [InlineData("void M(Socket s, byte[] d) { s.Shutdown(SocketShutdown.Send); s.Send(d); }", true)]
    // SOCK008: a read and a close, the end of a using included.
    [InlineData("void M(Socket s, byte[] b) { s.Receive(b); s.Close(); }", true)]
    [InlineData("void M(NetworkStream ns, byte[] b) { using (ns) { ns.Read(b, 0, b.Length); } }", true)]
    // Through the project's own methods: a helper that writes the connection it is given, called inside a try.
    [InlineData("void M(Socket s) { try { Write(s); } catch (SocketException) { } } void Write(Socket s) => s.Send(new byte[1]);", true)]
    public void A_graph_is_built_only_where_a_flow_rule_can_report(string members, bool expected)
    {
        var (body, semantics) = FirstMethodBody(members);

        Assert.Equal(expected, FlowTriggers.CanReport(body, semantics));
    }

    private static (IOperation Body, ConnectionSemantics Semantics) FirstMethodBody(string members)
    {
        var source = "using System.Net.Sockets; class C { " + members + " }";
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create(
            "FlowTriggers",
            new[] { tree },
            ReferenceAssemblies.Net100.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First();
        var body = compilation.GetSemanticModel(tree).GetOperation(method)!;
        var semantics = ConnectionSemantics.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))!;
        return (body, semantics);
    }
}
