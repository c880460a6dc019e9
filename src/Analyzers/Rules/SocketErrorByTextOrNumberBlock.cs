using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;
using FixData = SocketAnalyzers.Rules.SocketErrorByTextOrNumberAnalyzer.FixData;
using Finding = SocketAnalyzers.Rules.SocketErrorByTextOrNumberFinding;
using FixSite = SocketAnalyzers.Rules.SocketErrorByTextOrNumberFixSite;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK003 in one operation block: each comparison, search, regex match, pattern and switch that tests an
/// exception's number or text is read (<see cref="SocketErrorChecks"/>), judged (<see cref="ConnectionErrorExceptions"/>)
/// and reported with what its fix needs. The readers (one per body of the block) are kept here; a reader is not
/// thread-safe, and nothing promises that the operation actions of one block run one after another, so reading locks.
/// </summary>
internal sealed class SocketErrorByTextOrNumberBlock
{
    private readonly ConnectionModel _model;
    private readonly ConnectionErrorExceptions _exceptions;
    private readonly SocketErrorByTextOrNumberFixes _fixes;
    private readonly Dictionary<IOperation, SocketErrorChecks> _readers = new();

    public SocketErrorByTextOrNumberBlock(ConnectionSemantics semantics)
    {
        _model = semantics.Model;
        _exceptions = new ConnectionErrorExceptions(semantics);
        _fixes = new SocketErrorByTextOrNumberFixes(_model);
    }

    /// <summary>A comparison, call, is-pattern, property subpattern, switch statement or switch expression.</summary>
    public void Analyze(OperationAnalysisContext context)
    {
        var labels = new List<(SyntaxNode Label, Finding? Finding, bool Simple, int Section)>();
        ExceptionDetail? switchDetail = null;
        foreach (var check in ChecksOf(context.Operation))
        {
            if (check.Detail is not { } detail)
            {
                continue;
            }

            var finding = check.Compared.IsEmpty ? null : Finding.Evaluate(detail, new List<ComparedConstant>(check.Compared), check.Form == SocketErrorCheckForm.RegexMatch, _model);
            switch (check.Form)
            {
                case SocketErrorCheckForm.CaseLabel or SocketErrorCheckForm.SwitchArm:
                    switchDetail = detail;
                    labels.Add((check.Syntax, finding, check.IsAlternatives && !check.IsNegatedAlternatives, SectionOf(check)));
                    break;
                case SocketErrorCheckForm.PropertySubpattern when finding is not null:
                    ReportSubpattern(context, (IPropertySubpatternOperation)check.Operation, check, detail, finding);
                    break;
                default:
                    if (finding is not null && _exceptions.MayHoldConnectionError(detail.Receiver))
                    {
                        Report(context, check.Syntax, detail, finding, FixFor(check, detail));
                    }

                    break;
            }
        }

        if (switchDetail is not null)
        {
            ReportSwitchLabels(context, switchDetail, context.Operation.Syntax, labels);
        }
    }

    private List<SocketErrorCheck> ChecksOf(IOperation operation)
    {
        var root = BodyFacts.RootOf(operation);
        lock (_readers)
        {
            if (!_readers.TryGetValue(root, out var reader))
            {
                reader = SocketErrorChecks.ForBodyOf(root, _model);
                _readers.Add(root, reader);
            }

            return new List<SocketErrorCheck>(reader.Read(operation));
        }
    }

    /// <summary>The index of a case label's section, or of a switch expression arm.</summary>
    private static int SectionOf(SocketErrorCheck check) => check.Operation switch
    {
        ICaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchOperation } section } => switchOperation.Cases.IndexOf(section),
        ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression } arm => switchExpression.Arms.IndexOf(arm),
        _ => -1,
    };

    /// <summary>Which node a fix rewrites for the check, and in which form; null when no fix keeps the meaning.</summary>
    private FixSite? FixFor(SocketErrorCheck check, ExceptionDetail detail)
    {
        var negated = check.IsNegatedAlternatives;
        switch (check.Form)
        {
            case SocketErrorCheckForm.IsPattern:
                return _fixes.CastFix(detail) ?? (check.IsAlternatives ? new FixSite(FixData.FormCheck, check.Syntax, negated) : null);
            case SocketErrorCheckForm.TextSearch:
                var search = (IInvocationOperation)check.Operation;
                return search.TargetMethod.Name is "IndexOf" or "LastIndexOf"
                    ? SocketErrorByTextOrNumberFixes.IndexOfFix(search)
                    : new FixSite(FixData.FormCheck, check.Syntax, negated: false);
            case SocketErrorCheckForm.RegexMatch:
                return ((IInvocationOperation)check.Operation).TargetMethod.Name == "IsMatch" ? new FixSite(FixData.FormCheck, check.Syntax, negated: false) : null;
            default:
                return _fixes.CastFix(detail) ?? new FixSite(FixData.FormCheck, check.Syntax, negated);
        }
    }

    private void ReportSubpattern(OperationAnalysisContext context, IPropertySubpatternOperation subpattern, SocketErrorCheck check, ExceptionDetail detail, Finding finding)
    {
        var instance = detail.Receiver;
        var recursive = subpattern.Parent as IRecursivePatternOperation;
        var matchedType = recursive?.MatchedType;
        if (!_model.IsSocketException(matchedType) && !_exceptions.MayHoldConnectionError(instance))
        {
            return;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        if (finding.Meaning is not null)
        {
            builder.Add(FixData.Meaning, finding.Meaning);
        }

        var negated = check.IsNegatedAlternatives;
        var shape = check.IsAlternatives && finding.AllRecognized && finding.Meaning is not null &&
                    instance is IInstanceReferenceOperation && recursive is not null
            ? _fixes.SubpatternShape(matchedType, negated)
            : null;
        var additional = Array.Empty<Location>();
        if (shape is not null)
        {
            builder.Add(FixData.Shape, shape);
            builder.Add(FixData.Form, FixData.FormSubpattern);
            builder.Add(FixData.Negated, negated ? "true" : "false");
            additional = new[] { recursive!.Syntax.GetLocation(), subpattern.Syntax.GetLocation() };
        }

        context.ReportDiagnostic(Diagnostic.Create(
            SocketErrorByTextOrNumberAnalyzer.Rule, subpattern.Syntax.GetLocation(), additional, builder.ToImmutable(), finding.Replacement, finding.Compared, finding.Reason));
    }

    private void ReportSwitchLabels(
        OperationAnalysisContext context,
        ExceptionDetail detail,
        SyntaxNode switchSyntax,
        List<(SyntaxNode Label, Finding? Finding, bool Simple, int Section)> labels)
    {
        if (!labels.Any(label => label.Finding is not null) || !_exceptions.MayHoldConnectionError(detail.Receiver))
        {
            return;
        }

        var fix = _fixes.CastFix(detail);
        if (fix is null && detail.Kind == ExceptionDetailKind.Number && SocketErrorByTextOrNumberFixes.SwitchCanBeRewritten(labels))
        {
            fix = new FixSite(FixData.FormSwitch, switchSyntax, negated: false);
        }

        foreach (var label in labels)
        {
            if (label.Finding is { } finding)
            {
                Report(context, label.Label, detail, finding, fix);
            }
        }
    }

    private void Report(OperationAnalysisContext context, SyntaxNode reportAt, ExceptionDetail detail, Finding finding, FixSite? fix)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (finding.Meaning is not null)
        {
            properties.Add(FixData.Meaning, finding.Meaning);
        }

        var additional = Array.Empty<Location>();
        if (fix is { } site && _fixes.ShapeForFix(context.Operation, detail, finding, site) is { } shape)
        {
            properties.Add(FixData.Shape, shape);
            properties.Add(FixData.Form, site.Form);
            properties.Add(FixData.Negated, site.Negated ? "true" : "false");
            additional = new[] { detail.Receiver.Syntax.GetLocation(), site.Node.GetLocation() };
        }

        context.ReportDiagnostic(Diagnostic.Create(
            SocketErrorByTextOrNumberAnalyzer.Rule,
            SocketErrorByTextOrNumberFixes.WholeConditionalAccess(reportAt).GetLocation(),
            additional,
            properties.ToImmutable(),
            finding.Replacement,
            finding.Compared,
            finding.Reason));
    }
}
