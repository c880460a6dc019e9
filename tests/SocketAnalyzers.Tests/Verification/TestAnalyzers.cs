using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Tests.Verification;

// Small analyzers that exist only to exercise the verifier: each has one obvious, predictable behavior.
// They are test doubles run in-process by the verifier, never loaded by a compiler, so the analyzer-packaging
// rules (netstandard2.0 target, no Workspaces reference, extended rules, release tracking) do not apply.
#pragma warning disable RS1036, RS1038, RS1041, RS2008

/// <summary>Flags every <c>Console.WriteLine</c> invocation (the whole invocation expression).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConsoleWriteLineAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "TEST001";

    public static readonly DiagnosticDescriptor Rule = new(
        Id, "Console.WriteLine call", "'{0}' writes a line to the console", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(
            operationContext =>
            {
                IMethodSymbol method = ((IInvocationOperation)operationContext.Operation).TargetMethod;
                if (method.Name == "WriteLine" && method.ContainingType.ToDisplayString() == "System.Console")
                {
                    operationContext.ReportDiagnostic(Diagnostic.Create(Rule, operationContext.Operation.Syntax.GetLocation(), "Console.WriteLine"));
                }
            },
            OperationKind.Invocation);
    }
}

/// <summary>Reports each type declaration with the value of the .editorconfig key <c>socket_analyzers.x</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EditorConfigOptionAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "TEST002";
    public const string Key = "socket_analyzers.x";

    public static readonly DiagnosticDescriptor Rule = new(
        Id, "Option value", "socket_analyzers.x is '{0}'", "Test", DiagnosticSeverity.Info, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(
            symbolContext =>
            {
                Location location = symbolContext.Symbol.Locations[0];
                string value = symbolContext.Options.AnalyzerConfigOptionsProvider.GetOptions(location.SourceTree!)
                    .TryGetValue(Key, out string? configured) ? configured : "(unset)";
                symbolContext.ReportDiagnostic(Diagnostic.Create(Rule, location, value));
            },
            SymbolKind.NamedType);
    }
}

/// <summary>Throws on every invocation: the verifier must fail with the exception text.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    public const string ExceptionText = "deliberate analyzer bug";

    public static readonly DiagnosticDescriptor Rule = new(
        "TEST003", "Never reported", "Never reported", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => throw new InvalidOperationException(ExceptionText), OperationKind.Invocation);
    }
}

/// <summary>
/// Two descriptors: TEST004 on every type name, TEST005 on every whole nested type declaration (so markup nests).
/// <c>Diagnostic()</c> must refuse it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TwoRuleAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor TypeRule = new(
        "TEST004", "Type", "Type '{0}'", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NestedRule = new(
        "TEST005", "Nested type", "Nested type '{0}'", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(TypeRule, NestedRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(
            symbolContext =>
            {
                ISymbol type = symbolContext.Symbol;
                symbolContext.ReportDiagnostic(Diagnostic.Create(TypeRule, type.Locations[0], type.Name));
                if (type.ContainingType is not null)
                {
                    Location declaration = type.DeclaringSyntaxReferences[0].GetSyntax(symbolContext.CancellationToken).GetLocation();
                    symbolContext.ReportDiagnostic(Diagnostic.Create(NestedRule, declaration, type.Name));
                }
            },
            SymbolKind.NamedType);
    }
}

/// <summary>Reports every type declaration, but its only descriptor is disabled by default.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DisabledByDefaultAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        "TEST006", "Type", "Type '{0}'", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: false);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(
            symbolContext => symbolContext.ReportDiagnostic(
                Diagnostic.Create(Rule, symbolContext.Symbol.Locations[0], symbolContext.Symbol.Name)),
            SymbolKind.NamedType);
    }
}
