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
/// exception's number or text is read (<see cref="ExceptionDetails"/>, <see cref="ComparedConstants"/>), judged
/// (<see cref="ConnectionErrorExceptions"/>) and reported with what its fix needs.
/// </summary>
internal sealed class SocketErrorByTextOrNumberBlock
{
    private readonly ConnectionModel _model;
    private readonly INamedTypeSymbol? _regex;
    private readonly ExceptionDetails _details;
    private readonly ComparedConstants _constants;
    private readonly ConnectionErrorExceptions _exceptions;
    private readonly SocketErrorByTextOrNumberFixes _fixes;

    public SocketErrorByTextOrNumberBlock(ConnectionSemantics semantics, INamedTypeSymbol? regex)
    {
        _model = semantics.Model;
        _regex = regex;
        _details = new ExceptionDetails(_model);
        _constants = new ComparedConstants(_model);
        _exceptions = new ConnectionErrorExceptions(semantics);
        _fixes = new SocketErrorByTextOrNumberFixes(_model);
    }

    public void AnalyzeBinary(OperationAnalysisContext context)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        var negated = binary.OperatorKind == BinaryOperatorKind.NotEquals;
        if (!TryAnalyzeEquality(context, binary.LeftOperand, binary.RightOperand, binary.Syntax, negated))
        {
            TryAnalyzeEquality(context, binary.RightOperand, binary.LeftOperand, binary.Syntax, negated);
        }
    }

    public void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Equals":
                AnalyzeEqualsCall(context, invocation);
                break;
            case "Contains" or "StartsWith" or "EndsWith" or "IndexOf" or "LastIndexOf"
                when method.ContainingType?.SpecialType == SpecialType.System_String:
                AnalyzeStringSearch(context, invocation);
                break;
            case "Contains":
                AnalyzeCollectionContains(context, invocation);
                break;
            case "IsMatch" or "Match" when _regex is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _regex):
                AnalyzeRegex(context, invocation);
                break;
        }
    }

    public void AnalyzeIsPattern(OperationAnalysisContext context)
    {
        var isPattern = (IIsPatternOperation)context.Operation;
        var detail = _details.Read(isPattern.Value);
        if (detail is null)
        {
            return;
        }

        var constants = new List<IOperation>();
        var simple = true;
        var negated = false;
        ComparedConstants.CollectFromPattern(isPattern.Pattern, constants, ref simple, ref negated, top: true);
        var finding = Finding.Evaluate(detail, _constants.Of(constants), isRegexPattern: false, _model);
        if (finding is null || !_exceptions.MayHoldConnectionError(detail.Receiver))
        {
            return;
        }

        FixSite? fix = _fixes.CastFix(detail) ?? (simple ? new FixSite(FixData.FormCheck, isPattern.Syntax, negated) : null);
        Report(context, isPattern.Syntax, detail, finding, fix);
    }

    public void AnalyzeSwitch(OperationAnalysisContext context)
    {
        var switchOperation = (ISwitchOperation)context.Operation;
        var detail = _details.Read(switchOperation.Value);
        if (detail is null)
        {
            return;
        }

        var labels = new List<(SyntaxNode Label, Finding? Finding, bool Simple, int Section)>();
        for (var section = 0; section < switchOperation.Cases.Length; section++)
        {
            foreach (var clause in switchOperation.Cases[section].Clauses)
            {
                var constants = new List<IOperation>();
                var simple = true;
                var negated = false;
                switch (clause)
                {
                    case ISingleValueCaseClauseOperation { Value: { } value }:
                        constants.Add(value);
                        break;
                    case IPatternCaseClauseOperation patternClause:
                        ComparedConstants.CollectFromPattern(patternClause.Pattern, constants, ref simple, ref negated, top: true);
                        break;
                    case IDefaultCaseClauseOperation:
                        continue;
                    default:
                        simple = false;
                        break;
                }

                labels.Add((clause.Syntax, Finding.Evaluate(detail, _constants.Of(constants), isRegexPattern: false, _model), simple && !negated, section));
            }
        }

        ReportSwitchLabels(context, detail, switchOperation.Syntax, labels);
    }

    public void AnalyzeSwitchExpression(OperationAnalysisContext context)
    {
        var switchExpression = (ISwitchExpressionOperation)context.Operation;
        var detail = _details.Read(switchExpression.Value);
        if (detail is null)
        {
            return;
        }

        var labels = new List<(SyntaxNode Label, Finding? Finding, bool Simple, int Section)>();
        for (var arm = 0; arm < switchExpression.Arms.Length; arm++)
        {
            var pattern = switchExpression.Arms[arm].Pattern;
            if (pattern is IDiscardPatternOperation)
            {
                continue;
            }

            var constants = new List<IOperation>();
            var simple = true;
            var negated = false;
            ComparedConstants.CollectFromPattern(pattern, constants, ref simple, ref negated, top: true);
            labels.Add((pattern.Syntax, Finding.Evaluate(detail, _constants.Of(constants), isRegexPattern: false, _model), simple && !negated, arm));
        }

        ReportSwitchLabels(context, detail, switchExpression.Syntax, labels);
    }

    public void AnalyzePropertySubpattern(OperationAnalysisContext context)
    {
        var subpattern = (IPropertySubpatternOperation)context.Operation;
        if (subpattern.Member is not IPropertyReferenceOperation { Instance: { } instance } member)
        {
            return;
        }

        ExceptionDetailKind kind;
        if (_model.IsNativeErrorNumberProperty(member.Property))
        {
            kind = ExceptionDetailKind.Number;
        }
        else if (_model.IsExceptionMessageProperty(member.Property))
        {
            kind = ExceptionDetailKind.Text;
        }
        else
        {
            return;
        }

        var constants = new List<IOperation>();
        var simple = true;
        var negated = false;
        ComparedConstants.CollectFromPattern(subpattern.Pattern, constants, ref simple, ref negated, top: true);
        var detail = new ExceptionDetail(kind, instance, member.Property.Name, cast: null, viaLocal: false, viaConditionalAccess: false);
        var finding = Finding.Evaluate(detail, _constants.Of(constants), isRegexPattern: false, _model);
        if (finding is null)
        {
            return;
        }

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

        var shape = simple && finding.AllRecognized && finding.Meaning is not null &&
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

    private bool TryAnalyzeEquality(OperationAnalysisContext context, IOperation value, IOperation other, SyntaxNode site, bool negated)
    {
        // Equals(object) boxes the constant.
        other = ComparedConstants.StripImplicit(other);
        if (!other.ConstantValue.HasValue)
        {
            return false;
        }

        var detail = _details.Read(value);
        if (detail is null)
        {
            return false;
        }

        var finding = Finding.Evaluate(detail, _constants.Of(new[] { other }), isRegexPattern: false, _model);
        if (finding is null)
        {
            return false;
        }

        if (_exceptions.MayHoldConnectionError(detail.Receiver))
        {
            Report(context, site, detail, finding, _fixes.CastFix(detail) ?? new FixSite(FixData.FormCheck, site, negated));
        }

        return true;
    }

    private void AnalyzeEqualsCall(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        var operands = new List<IOperation>(2);
        if (invocation.Instance is { } instance)
        {
            operands.Add(instance);
        }

        foreach (var argument in invocation.Arguments)
        {
            // string.Equals(a, b, StringComparison.OrdinalIgnoreCase): the comparison kind is not an operand.
            if (argument.Value.Type is { TypeKind: TypeKind.Enum } or { TypeKind: TypeKind.Interface })
            {
                continue;
            }

            operands.Add(argument.Value);
        }

        if (operands.Count == 2 && !TryAnalyzeEquality(context, operands[0], operands[1], invocation.Syntax, negated: false))
        {
            TryAnalyzeEquality(context, operands[1], operands[0], invocation.Syntax, negated: false);
        }
    }

    private void AnalyzeStringSearch(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        if (invocation.Instance is not { } instance || invocation.Arguments.Length == 0)
        {
            return;
        }

        var detail = _details.Read(instance);
        if (detail is not { Kind: ExceptionDetailKind.Text })
        {
            return;
        }

        var finding = Finding.Evaluate(detail, _constants.Of(new[] { invocation.Arguments[0].Value }), isRegexPattern: false, _model);
        if (finding is null || !_exceptions.MayHoldConnectionError(detail.Receiver))
        {
            return;
        }

        FixSite? fix = invocation.TargetMethod.Name is "IndexOf" or "LastIndexOf"
            ? SocketErrorByTextOrNumberFixes.IndexOfFix(invocation)
            : new FixSite(FixData.FormCheck, invocation.Syntax, negated: false);
        Report(context, invocation.Syntax, detail, finding, fix);
    }

    private void AnalyzeCollectionContains(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        IOperation collection;
        IOperation value;
        if (invocation.Instance is { } instance && invocation.Arguments.Length >= 1)
        {
            collection = instance;
            value = invocation.Arguments[0].Value;
        }
        else if (invocation.Instance is null && invocation.Arguments.Length >= 2)
        {
            // Enumerable.Contains(source, value) and other extension forms.
            collection = invocation.Arguments[0].Value;
            value = invocation.Arguments[1].Value;
        }
        else
        {
            return;
        }

        var detail = _details.Read(value);
        if (detail is null)
        {
            return;
        }

        var constants = new List<ComparedConstant>();
        _constants.CollectFromCollection(collection, invocation.SemanticModel, constants, depth: 0);
        var finding = Finding.Evaluate(detail, constants, isRegexPattern: false, _model);
        if (finding is null || !_exceptions.MayHoldConnectionError(detail.Receiver))
        {
            return;
        }

        Report(context, invocation.Syntax, detail, finding, _fixes.CastFix(detail) ?? new FixSite(FixData.FormCheck, invocation.Syntax, negated: false));
    }

    private void AnalyzeRegex(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        IOperation? input = null;
        IOperation? pattern = null;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "input":
                    input = argument.Value;
                    break;
                case "pattern":
                    pattern = argument.Value;
                    break;
            }
        }

        if (pattern is null &&
            invocation.Instance is IObjectCreationOperation { Arguments: { Length: > 0 } creationArguments } &&
            creationArguments[0].Parameter?.Name == "pattern")
        {
            // new Regex("reset").IsMatch(e.Message)
            pattern = creationArguments[0].Value;
        }

        if (input is null || pattern is null)
        {
            return;
        }

        var detail = _details.Read(input);
        if (detail is not { Kind: ExceptionDetailKind.Text })
        {
            return;
        }

        var finding = Finding.Evaluate(detail, _constants.Of(new[] { pattern }), isRegexPattern: true, _model);
        if (finding is null || !_exceptions.MayHoldConnectionError(detail.Receiver))
        {
            return;
        }

        FixSite? fix = invocation.TargetMethod.Name == "IsMatch" ? new FixSite(FixData.FormCheck, invocation.Syntax, negated: false) : null;
        Report(context, invocation.Syntax, detail, finding, fix);
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
