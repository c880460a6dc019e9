using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Testing;

/// <summary>The <c>Diagnostic(...)</c> factories shared by the verifier classes.</summary>
internal static class AnalyzerDescriptors<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    private static readonly Lazy<ImmutableArray<DiagnosticDescriptor>> Supported = new(() => new TAnalyzer().SupportedDiagnostics);

    public static DiagnosticResult Single()
    {
        ImmutableArray<DiagnosticDescriptor> descriptors = Supported.Value;
        if (descriptors.Length != 1)
        {
            throw new InvalidOperationException(
                $"{typeof(TAnalyzer).Name} supports {descriptors.Length} diagnostics ({string.Join(", ", descriptors.Select(d => d.Id))}); " +
                "use Diagnostic(id) or Diagnostic(descriptor).");
        }

        return new DiagnosticResult(descriptors[0]);
    }

    /// <summary>What <c>[|...|]</c> markup means: the analyzer's first descriptor.</summary>
    public static DiagnosticResult First()
    {
        ImmutableArray<DiagnosticDescriptor> descriptors = Supported.Value;
        if (descriptors.IsEmpty)
        {
            throw new InvalidOperationException($"{typeof(TAnalyzer).Name} supports no diagnostics, so [|...|] markup means nothing.");
        }

        return new DiagnosticResult(descriptors[0]);
    }

    public static DiagnosticResult ById(string diagnosticId)
    {
        DiagnosticDescriptor? descriptor = Supported.Value.FirstOrDefault(d => d.Id == diagnosticId);
        if (descriptor is null)
        {
            throw new InvalidOperationException(
                $"{typeof(TAnalyzer).Name} does not support {diagnosticId}; for compiler diagnostics use DiagnosticResult.CompilerError(id).");
        }

        return new DiagnosticResult(descriptor);
    }
}
