using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Testing;

/// <summary>Same shape as Microsoft.CodeAnalysis.CSharp.Testing's <c>CSharpAnalyzerVerifier</c>.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>The analyzer's only descriptor; throws when it supports several.</summary>
    public static DiagnosticResult Diagnostic() => AnalyzerDescriptors<TAnalyzer>.Single();

    public static DiagnosticResult Diagnostic(string diagnosticId) => AnalyzerDescriptors<TAnalyzer>.ById(diagnosticId);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        Test test = new() { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : AnalyzerTest<TAnalyzer>
    {
    }
}
