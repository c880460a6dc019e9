using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using SocketAnalyzers.CodeFixes.CloseSequences;
using SocketAnalyzers.Model;
using SocketAnalyzers.TestSupport;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests.CloseSequences;

/// <summary>The emitted syntax: the exact text users get, and that it compiles on every target the analyzers support.</summary>
public sealed class CloseSequenceEmitterTests
{
    /// <summary>The declarations every generated snippet below may use, one per shape.</summary>
    private const string Declarations = "Socket socket, TcpClient client, Stream stream, StreamWriter writer, BinaryWriter binaryWriter, StreamReader reader";

    public static IEnumerable<object[]> AllSequences() =>
        from shape in new[] { "Socket socket", "TcpClient client", "StreamOrWriter stream", "StreamOrWriter writer", "StreamOrWriter binaryWriter", "Reader reader" }
        from sequence in new[] { "AfterError", "NormalEnd" }
        select new object[] { sequence, shape };

    [Theory]
    [MemberData(nameof(AllSequences))]
    public void Compiles_as_CSharp_7_3_against_netstandard2_0_without_warnings(string sequence, string shapeAndExpression)
    {
        var body = Emit(sequence, shapeAndExpression);
        var source = "using System.IO; using System.Net.Sockets;\nclass C { void M(" + Declarations + ") {\n" + body + "\n} }";
        var compilation = CSharpCompilation.Create(
            "Generated",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp7_3)) },
            TestReferences.NetStandard20,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Theory]
    [MemberData(nameof(AllSequences))]
    public void Compiles_with_nullable_annotations_enabled_without_warnings(string sequence, string shapeAndExpression)
    {
        var source = "#nullable enable\nusing System.IO; using System.Net.Sockets;\npublic static class C { public static void M(" + Declarations + ") {\n" +
                     Emit(sequence, shapeAndExpression) + "\n} }";

        using var program = InMemoryProgram.Compile(source);
    }

    [Theory]
    [InlineData("connection", "connection.Close();")]
    [InlineData("this.connection", "this.connection.Close();")]
    [InlineData("connections[0]", "connections[0].Close();")]
    [InlineData("Take()", "Take().Close();")]
    [InlineData("maybe!", "maybe!.Close();")]
    [InlineData("  connection /* trivia */ ", "connection.Close();")]
    [InlineData("(Socket)value", "((Socket)value).Close();")]
    [InlineData("value as Socket", "(value as Socket).Close();")]
    [InlineData("flag ? connection : other", "(flag ? connection : other).Close();")]
    public void Receiver_is_parenthesized_only_when_needed(string expression, string expected)
    {
        var emitted = SequenceProgram.Render(CloseSequence.AfterError(SyntaxFactory.ParseExpression(expression), ConnectionShape.Socket));
        Assert.Equal(expected, emitted);

        var source = "using System.Net.Sockets;\npublic class C {\n public Socket connection, other, maybe; public Socket[] connections;\n" +
                     " Socket Take() => connection;\n public void M(object value, bool flag) {\n" + emitted + "\n} }";
        using var program = InMemoryProgram.Compile(source);
    }

    /// <summary>
    /// What a code fix leaves in the user's file once the code action has simplified and formatted it
    /// (the same texts are in docs/socket-errors.md).
    /// </summary>
    [Theory]
    [InlineData("AfterError", "Socket socket", """
        socket.Close();
        """)]
    [InlineData("AfterError", "TcpClient client", """
        client.Close();
        """)]
    [InlineData("AfterError", "StreamOrWriter writer", """
        try
        {
            writer.Close();
        }
        catch (IOException)
        {
            // Disposing flushes buffered data to a peer that is gone; the stream is closed anyway.
        }
        catch (ObjectDisposedException)
        {
            // The stream under it was closed already.
        }
        """)]
    [InlineData("NormalEnd", "Socket socket", """
        try
        {
            socket.Shutdown(SocketShutdown.Both);
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
            socket.Close();
        }
        """)]
    [InlineData("NormalEnd", "TcpClient client", """
        try
        {
            client.Client?.Shutdown(SocketShutdown.Both);
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
            client.Close();
        }
        """)]
    [InlineData("NormalEnd", "StreamOrWriter writer", """
        try
        {
            writer.Flush();
        }
        catch (ObjectDisposedException)
        {
            // Closed already by an earlier close: nothing is left to flush.
        }
        finally
        {
            writer.Close();
        }
        """)]
    [InlineData("NormalEnd", "Reader reader", """
        reader.Close();
        """)]
    public async Task Reads_like_this_in_the_users_file(string sequence, string shapeAndExpression, string expected)
    {
        var emitted = sequence == "AfterError"
            ? CloseSequence.AfterError(Expression(shapeAndExpression), Shape(shapeAndExpression))
            : CloseSequence.NormalEnd(Expression(shapeAndExpression), Shape(shapeAndExpression));

        var text = await AsCodeFixLeavesIt(emitted);

        Assert.Equal(expected.Replace("\r\n", "\n"), text);
    }

    [Fact]
    public void Shape_follows_the_connection_type()
    {
        var source = """
            using System.IO;
            using System.Net.Security;
            using System.Net.Sockets;
            using System.Net.WebSockets;
            class Probe
            {
                Socket a; TcpClient b; NetworkStream c; SslStream d; Stream e; StreamWriter f; BinaryWriter g; TextWriter h;
                StreamReader i; BinaryReader j; WebSocket k; string l; Missing m; TcpListener n;
            }
            """;
        var compilation = CSharpCompilation.Create("Probe", new[] { CSharpSyntaxTree.ParseText(source) }, TestReferences.Net100);
        var model = ConnectionModel.TryCreate(compilation)!;
        var fields = compilation.GetTypeByMetadataName("Probe")!.GetMembers().OfType<IFieldSymbol>()
            .ToDictionary(f => f.Name, f => ConnectionShapes.Of(f.Type, model));

        Assert.Equal(ConnectionShape.Socket, fields["a"]);
        Assert.Equal(ConnectionShape.TcpClient, fields["b"]);
        foreach (var stream in new[] { "c", "d", "e", "f", "g", "h" })
        {
            Assert.Equal(ConnectionShape.StreamOrWriter, fields[stream]);
        }

        Assert.Equal(ConnectionShape.Reader, fields["i"]);
        Assert.Equal(ConnectionShape.Reader, fields["j"]);
        foreach (var none in new[] { "k", "l", "m", "n" })
        {
            Assert.Null(fields[none]);
        }
    }

    [Fact]
    public void An_unknown_shape_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CloseSequence.AfterError(SyntaxFactory.IdentifierName("s"), (ConnectionShape)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => CloseSequence.NormalEnd(SyntaxFactory.IdentifierName("s"), (ConnectionShape)42));
    }

    private static string Emit(string sequence, string shapeAndExpression) =>
        sequence == "AfterError"
            ? SequenceProgram.AfterError(shapeAndExpression.Split(' ')[1], Shape(shapeAndExpression))
            : SequenceProgram.NormalEnd(shapeAndExpression.Split(' ')[1], Shape(shapeAndExpression));

    private static ConnectionShape Shape(string shapeAndExpression) => Enum.Parse<ConnectionShape>(shapeAndExpression.Split(' ')[0]);

    private static ExpressionSyntax Expression(string shapeAndExpression) => SyntaxFactory.IdentifierName(shapeAndExpression.Split(' ')[1]);

    /// <summary>Inserts the statements into a method and runs what a CodeAction's post-processing runs: reduce, then format.</summary>
    private static async Task<string> AsCodeFixLeavesIt(ImmutableArray<StatementSyntax> statements)
    {
        const string Source = """
            using System;
            using System.IO;
            using System.Net.Sockets;

            class C
            {
                void M(Socket socket, TcpClient client, StreamWriter writer, StreamReader reader)
                {
                }
            }
            """;
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Fix", LanguageNames.CSharp)
            .WithMetadataReferences(TestReferences.Net100)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var document = project.AddDocument("C.cs", Source);
        var root = (await document.GetSyntaxRootAsync())!;
        var body = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single().Body!;
        document = document.WithSyntaxRoot(root.ReplaceNode(body, body.WithStatements(SyntaxFactory.List(statements))));

        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation);
        document = await Formatter.FormatAsync(document, Formatter.Annotation);

        var method = (await document.GetSyntaxRootAsync())!.DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        var lines = string.Concat(method.Body!.Statements.Select(s => s.ToFullString())).Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l.Substring(indent) : l.TrimStart()));
    }
}
