using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Model;
using SocketAnalyzers.TestSupport;
using Xunit;

namespace SocketAnalyzers.Tests.Model;

/// <summary>The root operation of a class's first method, compiled without errors, and the connection semantics of its compilation.</summary>
internal static class MethodBodies
{
    public static (IOperation Body, ConnectionSemantics Semantics) FirstMethodBody(string members)
    {
        var source = "using System; using System.IO; using System.Net.Sockets; using System.Threading; using System.Threading.Tasks; class C { " + members + " }";
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create(
            "MethodBodies",
            new[] { tree },
            TestReferences.Net100,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First();
        var body = compilation.GetSemanticModel(tree).GetOperation(method)!;
        var semantics = ConnectionSemantics.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))!;
        return (body, semantics);
    }
}
