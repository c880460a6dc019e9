using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>Conventions every analyzer in SocketAnalyzers.dll keeps.</summary>
public sealed class AnalyzerConventionTests
{
    [Fact]
    public void The_analyzer_assembly_holds_analyzers()
    {
        Assert.NotEmpty(ShippedComponents.AnalyzerTypes);
    }

    [Theory]
    [MemberData(nameof(ShippedComponents.AnalyzerTypeNames), MemberType = typeof(ShippedComponents))]
    public void Analyzer_is_a_CSharp_analyzer(string analyzerTypeName)
    {
        Type type = ShippedComponents.AnalyzerAssembly.GetType(analyzerTypeName, throwOnError: true)!;

        var attribute = (DiagnosticAnalyzerAttribute?)Attribute.GetCustomAttribute(type, typeof(DiagnosticAnalyzerAttribute));
        Assert.NotNull(attribute);
        Assert.Contains(LanguageNames.CSharp, attribute.Languages);
        Assert.True(type.IsSealed, $"{type.Name} should be sealed");
    }

    [Theory]
    [MemberData(nameof(ShippedComponents.AnalyzerTypeNames), MemberType = typeof(ShippedComponents))]
    public void Analyzer_enables_concurrent_execution_and_skips_generated_code(string analyzerTypeName)
    {
        Type type = ShippedComponents.AnalyzerAssembly.GetType(analyzerTypeName, throwOnError: true)!;
        var context = new RecordingAnalysisContext();

        ShippedComponents.CreateAnalyzer(type).Initialize(context);

        Assert.True(context.ConcurrentExecutionEnabled, $"{type.Name}.Initialize does not call EnableConcurrentExecution()");
        Assert.True(
            context.GeneratedCodeAnalysis == GeneratedCodeAnalysisFlags.None,
            $"{type.Name}.Initialize should call ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None); it passed {context.GeneratedCodeAnalysis?.ToString() ?? "nothing"}");
        Assert.True(context.Registrations > 0, $"{type.Name}.Initialize registers no action");
    }

    [Theory]
    [MemberData(nameof(ShippedComponents.AnalyzerTypeNames), MemberType = typeof(ShippedComponents))]
    public void Analyzer_supports_at_least_one_descriptor(string analyzerTypeName)
    {
        Type type = ShippedComponents.AnalyzerAssembly.GetType(analyzerTypeName, throwOnError: true)!;

        Assert.NotEmpty(ShippedComponents.CreateAnalyzer(type).SupportedDiagnostics);
    }
}
