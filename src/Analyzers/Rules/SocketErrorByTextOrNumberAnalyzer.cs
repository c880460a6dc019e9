using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>SOCK003: a socket error identified by its (localized) message text or its per-OS native number.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketErrorByTextOrNumberAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.SocketErrorByTextOrNumber, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var model = ConnectionModel.TryCreate(start.Compilation);
            if (model is null)
            {
                return;
            }

            // The SOCK003 checks are being written (issue 2); this shell only keeps the tree building.
            start.RegisterOperationAction(_ => { }, OperationKind.Binary);
        });
    }
}
