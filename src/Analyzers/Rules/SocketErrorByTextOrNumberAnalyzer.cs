using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK003: a socket error identified by its (localized) message text or its per-OS native number, where the
/// exception is or may wrap a SocketException. Reported at the comparison, the call or the case label; what the
/// fixer needs is passed in <see cref="Diagnostic.Properties"/> and <see cref="Diagnostic.AdditionalLocations"/>
/// (see <see cref="FixData"/>).
/// </summary>
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
            var semantics = ConnectionSemantics.For(start.Compilation, start.Options);
            if (semantics?.Model is not { SocketException: not null, Exception: not null, SocketError: not null })
            {
                return;
            }

            var regex = start.Compilation.GetTypeByMetadataName("System.Text.RegularExpressions.Regex");
            start.RegisterOperationBlockStartAction(block =>
            {
                // The early bail-out: a comparison is judged only when it reads an exception's number or text.
                if (!ReadsExceptionDetail(block.OperationBlocks, semantics))
                {
                    return;
                }

                var analysis = new BlockAnalysis(semantics, regex);
                block.RegisterOperationAction(analysis.AnalyzeBinary, OperationKind.Binary);
                block.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
                block.RegisterOperationAction(analysis.AnalyzeIsPattern, OperationKind.IsPattern);
                block.RegisterOperationAction(analysis.AnalyzeSwitch, OperationKind.Switch);
                block.RegisterOperationAction(analysis.AnalyzeSwitchExpression, OperationKind.SwitchExpression);
                block.RegisterOperationAction(analysis.AnalyzePropertySubpattern, OperationKind.PropertySubpattern);
            });
        });
    }

    private static bool ReadsExceptionDetail(ImmutableArray<IOperation> blocks, ConnectionSemantics semantics)
    {
        foreach (var block in blocks)
        {
            if (BodyFacts.Of(BodyFacts.RootOf(block), semantics).ReadsExceptionDetail)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The contract with the code fix. Properties: <see cref="Meaning"/> (a SocketError member name) when the
    /// comparison names a single one; <see cref="Shape"/>, <see cref="Form"/> and <see cref="Negated"/> only when a
    /// fix that compiles can be written. Additional locations: [0] the exception expression (for
    /// <see cref="FormSubpattern"/>: the recursive pattern), [1] the node to rewrite.
    /// </summary>
    public static class FixData
    {
        public const string Meaning = "Meaning";
        public const string Shape = "Shape";
        public const string Form = "Form";
        public const string Negated = "Negated";

        /// <summary>The exception is a SocketException: <c>e.SocketErrorCode == SocketError.X</c>.</summary>
        public const string ShapeSocketException = "SocketException";

        /// <summary>The exception may itself be the SocketException (Win32Exception, <c>InnerException</c>): <c>e is SocketException { ... }</c>.</summary>
        public const string ShapeIs = "Is";

        /// <summary>An IOException from a stream: <c>e.InnerException is SocketException { ... }</c>.</summary>
        public const string ShapeInner = "Inner";

        /// <summary>An Exception: the SocketException itself or an IOException's inner one.</summary>
        public const string ShapeSelfOrInner = "SelfOrInner";

        /// <summary>Replace the bool expression at [1] with the SocketErrorCode check.</summary>
        public const string FormCheck = "Check";

        /// <summary>Replace the <c>(SocketError)e.ErrorCode</c> cast at [1] with <c>e.SocketErrorCode</c>.</summary>
        public const string FormCast = "Cast";

        /// <summary>Replace the property subpattern at [1] (and the type of the recursive pattern at [0] for <see cref="ShapeIs"/>).</summary>
        public const string FormSubpattern = "Subpattern";

        /// <summary>Switch on <c>e.SocketErrorCode</c> (statement or expression at [1]) with every label rewritten.</summary>
        public const string FormSwitch = "Switch";
    }

    private enum SourceKind
    {
        /// <summary>ErrorCode, NativeErrorCode or HResult.</summary>
        Number,

        /// <summary>Message or ToString().</summary>
        Text,

        /// <summary><c>(SocketError)e.ErrorCode</c>: a native number read as if it were a SocketError.</summary>
        Cast,
    }

    /// <summary>A value read from an exception that SOCK003 is about, and how it was reached.</summary>
    private sealed class Source
    {
        public Source(SourceKind kind, IOperation receiver, string propertyName, IConversionOperation? cast, bool viaLocal, bool viaConditionalAccess)
        {
            Kind = kind;
            Receiver = receiver;
            PropertyName = propertyName;
            Cast = cast;
            ViaLocal = viaLocal;
            ViaConditionalAccess = viaConditionalAccess;
        }

        public SourceKind Kind { get; }

        /// <summary>The exception expression the value is read from.</summary>
        public IOperation Receiver { get; }

        public string PropertyName { get; }

        public IConversionOperation? Cast { get; }

        /// <summary>Read through a local copied from the property (the receiver is not written at the comparison).</summary>
        public bool ViaLocal { get; }

        /// <summary>Read through <c>?.</c>: the comparison is part of a conditional access and cannot be replaced alone.</summary>
        public bool ViaConditionalAccess { get; }
    }

    /// <summary>What a comparison names: message arguments and the single SocketError member, if any.</summary>
    private sealed class Finding
    {
        public Finding(LocalizableString compared, LocalizableString reason, string? meaning, bool allRecognized)
        {
            Compared = compared;
            Reason = reason;
            Meaning = meaning;
            AllRecognized = allRecognized;
        }

        public LocalizableString Compared { get; }

        public LocalizableString Reason { get; }

        public string? Meaning { get; }

        /// <summary>Every compared constant is known; a fix may rewrite the comparison without losing a case.</summary>
        public bool AllRecognized { get; }
    }

    /// <summary>A constant compared with the source: its value, and whether it is a SocketError value.</summary>
    private readonly struct Constant
    {
        public Constant(object? value, bool isSocketError)
        {
            Value = value;
            IsSocketError = isSocketError;
        }

        public object? Value { get; }

        public bool IsSocketError { get; }
    }

    private readonly struct FixSite
    {
        public FixSite(string form, SyntaxNode node, bool negated)
        {
            Form = form;
            Node = node;
            Negated = negated;
        }

        public string Form { get; }

        public SyntaxNode Node { get; }

        public bool Negated { get; }
    }

    /// <summary>The analysis of one operation block; caches catch-clause facts of the block (local values are cached per body by the model).</summary>
    private sealed class BlockAnalysis
    {
        private const int MaxSteps = 8;

        private readonly ConnectionSemantics _semantics;
        private readonly ConnectionModel _model;
        private readonly INamedTypeSymbol? _regex;

        // Made when first asked: most blocks have no comparison to judge, and a block's analysis is made for each.
        private ConcurrentDictionary<ICatchClauseOperation, bool>? _catchAroundConnection;

        public BlockAnalysis(ConnectionSemantics semantics, INamedTypeSymbol? regex)
        {
            _semantics = semantics;
            _model = semantics.Model;
            _regex = regex;
        }

        private ConcurrentDictionary<ICatchClauseOperation, bool> CatchAroundConnection()
        {
            if (_catchAroundConnection is null)
            {
                Interlocked.CompareExchange(ref _catchAroundConnection, new ConcurrentDictionary<ICatchClauseOperation, bool>(), null);
            }

            return _catchAroundConnection!;
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
            var source = GetSource(isPattern.Value);
            if (source is null)
            {
                return;
            }

            var constants = new List<IOperation>();
            var simple = true;
            var negated = false;
            CollectPatternConstants(isPattern.Pattern, constants, ref simple, ref negated, top: true);
            var finding = Evaluate(source, Constants(constants), isRegexPattern: false);
            if (finding is null || !IsJudged(source.Receiver, 0))
            {
                return;
            }

            FixSite? fix = CastFix(source) ?? (simple ? new FixSite(FixData.FormCheck, isPattern.Syntax, negated) : null);
            Report(context, isPattern.Syntax, source, finding, fix);
        }

        public void AnalyzeSwitch(OperationAnalysisContext context)
        {
            var switchOperation = (ISwitchOperation)context.Operation;
            var source = GetSource(switchOperation.Value);
            if (source is null)
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
                            CollectPatternConstants(patternClause.Pattern, constants, ref simple, ref negated, top: true);
                            break;
                        case IDefaultCaseClauseOperation:
                            continue;
                        default:
                            simple = false;
                            break;
                    }

                    labels.Add((clause.Syntax, Evaluate(source, Constants(constants), isRegexPattern: false), simple && !negated, section));
                }
            }

            ReportSwitchLabels(context, source, switchOperation.Syntax, labels);
        }

        public void AnalyzeSwitchExpression(OperationAnalysisContext context)
        {
            var switchExpression = (ISwitchExpressionOperation)context.Operation;
            var source = GetSource(switchExpression.Value);
            if (source is null)
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
                CollectPatternConstants(pattern, constants, ref simple, ref negated, top: true);
                labels.Add((pattern.Syntax, Evaluate(source, Constants(constants), isRegexPattern: false), simple && !negated, arm));
            }

            ReportSwitchLabels(context, source, switchExpression.Syntax, labels);
        }

        public void AnalyzePropertySubpattern(OperationAnalysisContext context)
        {
            var subpattern = (IPropertySubpatternOperation)context.Operation;
            if (subpattern.Member is not IPropertyReferenceOperation { Instance: { } instance } member)
            {
                return;
            }

            SourceKind kind;
            if (_model.IsNativeErrorNumberProperty(member.Property))
            {
                kind = SourceKind.Number;
            }
            else if (_model.IsExceptionMessageProperty(member.Property))
            {
                kind = SourceKind.Text;
            }
            else
            {
                return;
            }

            var constants = new List<IOperation>();
            var simple = true;
            var negated = false;
            CollectPatternConstants(subpattern.Pattern, constants, ref simple, ref negated, top: true);
            var source = new Source(kind, instance, member.Property.Name, cast: null, viaLocal: false, viaConditionalAccess: false);
            var finding = Evaluate(source, Constants(constants), isRegexPattern: false);
            if (finding is null)
            {
                return;
            }

            var recursive = subpattern.Parent as IRecursivePatternOperation;
            var matchedType = recursive?.MatchedType;
            if (!_model.IsSocketException(matchedType) && !IsJudged(instance, 0))
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
                ? SubpatternShape(matchedType, negated)
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
                Rule, subpattern.Syntax.GetLocation(), additional, builder.ToImmutable(), Replacement(finding), finding.Compared, finding.Reason));
        }

        private string? SubpatternShape(ITypeSymbol? matchedType, bool negated)
        {
            if (_model.IsSocketException(matchedType))
            {
                return FixData.ShapeSocketException;
            }

            if (negated || matchedType is null)
            {
                // "not 10054" on a wider type also matched every other exception: no pattern keeps that.
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(matchedType, _model.Win32Exception) ||
                SymbolEqualityComparer.Default.Equals(matchedType, _model.ExternalException))
            {
                return FixData.ShapeIs;
            }

            return SymbolEqualityComparer.Default.Equals(matchedType, _model.IOException) ? FixData.ShapeInner : null;
        }

        private bool TryAnalyzeEquality(OperationAnalysisContext context, IOperation value, IOperation other, SyntaxNode site, bool negated)
        {
            // Equals(object) boxes the constant.
            other = StripImplicit(other);
            if (!other.ConstantValue.HasValue)
            {
                return false;
            }

            var source = GetSource(value);
            if (source is null)
            {
                return false;
            }

            var finding = Evaluate(source, Constants(new[] { other }), isRegexPattern: false);
            if (finding is null)
            {
                return false;
            }

            if (IsJudged(source.Receiver, 0))
            {
                Report(context, site, source, finding, CastFix(source) ?? new FixSite(FixData.FormCheck, site, negated));
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

            var source = GetSource(instance);
            if (source is not { Kind: SourceKind.Text })
            {
                return;
            }

            var finding = Evaluate(source, Constants(new[] { invocation.Arguments[0].Value }), isRegexPattern: false);
            if (finding is null || !IsJudged(source.Receiver, 0))
            {
                return;
            }

            FixSite? fix = invocation.TargetMethod.Name is "IndexOf" or "LastIndexOf"
                ? IndexOfFix(invocation)
                : new FixSite(FixData.FormCheck, invocation.Syntax, negated: false);
            Report(context, invocation.Syntax, source, finding, fix);
        }

        /// <summary><c>x.IndexOf("reset") >= 0</c> and its variants: the enclosing comparison is the check.</summary>
        private static FixSite? IndexOfFix(IInvocationOperation invocation)
        {
            IOperation current = invocation;
            while (current.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            if (current.Parent is not IBinaryOperation binary)
            {
                return null;
            }

            var onLeft = binary.LeftOperand == current;
            var other = onLeft ? binary.RightOperand : binary.LeftOperand;
            if (other.ConstantValue is not { HasValue: true, Value: int bound })
            {
                return null;
            }

            var kind = binary.OperatorKind;
            if (!onLeft)
            {
                // 0 <= i is i >= 0.
                kind = kind switch
                {
                    BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                    BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                    BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                    BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                    _ => kind,
                };
            }

            bool? found = (kind, bound) switch
            {
                (BinaryOperatorKind.GreaterThanOrEqual, 0) => true,
                (BinaryOperatorKind.GreaterThan, -1) => true,
                (BinaryOperatorKind.NotEquals, -1) => true,
                (BinaryOperatorKind.LessThan, 0) => false,
                (BinaryOperatorKind.LessThanOrEqual, -1) => false,
                (BinaryOperatorKind.Equals, -1) => false,
                _ => null,
            };
            return found is { } isFound ? new FixSite(FixData.FormCheck, binary.Syntax, negated: !isFound) : null;
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

            var source = GetSource(value);
            if (source is null)
            {
                return;
            }

            var constants = new List<Constant>();
            CollectCollectionConstants(collection, invocation.SemanticModel, constants, depth: 0);
            var finding = Evaluate(source, constants, isRegexPattern: false);
            if (finding is null || !IsJudged(source.Receiver, 0))
            {
                return;
            }

            Report(context, invocation.Syntax, source, finding, CastFix(source) ?? new FixSite(FixData.FormCheck, invocation.Syntax, negated: false));
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

            var source = GetSource(input);
            if (source is not { Kind: SourceKind.Text })
            {
                return;
            }

            var finding = Evaluate(source, Constants(new[] { pattern }), isRegexPattern: true);
            if (finding is null || !IsJudged(source.Receiver, 0))
            {
                return;
            }

            FixSite? fix = invocation.TargetMethod.Name == "IsMatch" ? new FixSite(FixData.FormCheck, invocation.Syntax, negated: false) : null;
            Report(context, invocation.Syntax, source, finding, fix);
        }

        private void ReportSwitchLabels(
            OperationAnalysisContext context,
            Source source,
            SyntaxNode switchSyntax,
            List<(SyntaxNode Label, Finding? Finding, bool Simple, int Section)> labels)
        {
            if (!labels.Any(label => label.Finding is not null) || !IsJudged(source.Receiver, 0))
            {
                return;
            }

            var fix = CastFix(source);
            if (fix is null && source.Kind == SourceKind.Number && SwitchCanBeRewritten(labels))
            {
                fix = new FixSite(FixData.FormSwitch, switchSyntax, negated: false);
            }

            foreach (var label in labels)
            {
                if (label.Finding is { } finding)
                {
                    Report(context, label.Label, source, finding, fix);
                }
            }
        }

        /// <summary>
        /// A switch on a native number becomes a switch on SocketErrorCode only when every label names one code
        /// and no two sections (or arms) name the same one (that would be a duplicate label or an unreachable arm).
        /// </summary>
        private static bool SwitchCanBeRewritten(List<(SyntaxNode Label, Finding? Finding, bool Simple, int Section)> labels)
        {
            var sectionOfMeaning = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var label in labels)
            {
                if (label.Finding is not { AllRecognized: true, Meaning: { } meaning } || !label.Simple)
                {
                    return false;
                }

                if (sectionOfMeaning.TryGetValue(meaning, out var section) && section != label.Section)
                {
                    return false;
                }

                sectionOfMeaning[meaning] = label.Section;
            }

            return true;
        }

        /// <summary>On a SocketException, <c>(SocketError)e.ErrorCode</c> becomes <c>e.SocketErrorCode</c> wherever it is compared.</summary>
        private FixSite? CastFix(Source source) =>
            source is { Kind: SourceKind.Cast, ViaLocal: false, Cast: { } cast } && _model.IsSocketException(source.Receiver.Type)
                ? new FixSite(FixData.FormCast, cast.Syntax, negated: false)
                : null;

        private void Report(OperationAnalysisContext context, SyntaxNode reportAt, Source source, Finding finding, FixSite? fix)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            if (finding.Meaning is not null)
            {
                properties.Add(FixData.Meaning, finding.Meaning);
            }

            var additional = Array.Empty<Location>();
            if (fix is { } site && ShapeForFix(context.Operation, source, finding, site) is { } shape)
            {
                properties.Add(FixData.Shape, shape);
                properties.Add(FixData.Form, site.Form);
                properties.Add(FixData.Negated, site.Negated ? "true" : "false");
                additional = new[] { source.Receiver.Syntax.GetLocation(), site.Node.GetLocation() };
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule, WholeConditionalAccess(reportAt).GetLocation(), additional, properties.ToImmutable(), Replacement(finding), finding.Compared, finding.Reason));
        }

        /// <summary><c>e.InnerException?.Message.Contains("reset")</c> is reported as a whole, not from <c>.Message</c> on.</summary>
        private static SyntaxNode WholeConditionalAccess(SyntaxNode node)
        {
            while (node.Parent is ConditionalAccessExpressionSyntax conditionalAccess && conditionalAccess.WhenNotNull == node)
            {
                node = conditionalAccess;
            }

            return node;
        }

        /// <summary>The shape of the fix, or null when no fix that compiles and keeps the meaning can be written.</summary>
        private string? ShapeForFix(IOperation comparison, Source source, Finding finding, FixSite site)
        {
            if (source.ViaConditionalAccess || !IsRewritable(source.Receiver, 0))
            {
                return null;
            }

            if (site.Form != FixData.FormCast && (!finding.AllRecognized || finding.Meaning is null))
            {
                return null;
            }

            if (source.ViaLocal && !IsVisibleAt(source.Receiver, site.Node))
            {
                return null;
            }

            var shape = ReceiverShape(source.Receiver);
            if (site.Form is FixData.FormCast or FixData.FormSwitch && shape != FixData.ShapeSocketException)
            {
                return null;
            }

            // An expression tree admits neither patterns nor ?. : only e.SocketErrorCode == X can be written there.
            return shape != FixData.ShapeSocketException && IsInExpressionTree(comparison) ? null : shape;
        }

        private static bool IsInExpressionTree(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation { Parent: IConversionOperation { Type: INamedTypeSymbol { Name: "Expression" } type } } &&
                    type.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
                {
                    return true;
                }
            }

            return false;
        }

        private string? ReceiverShape(IOperation receiver)
        {
            var type = receiver.Type;
            if (_model.IsSocketException(type))
            {
                return FixData.ShapeSocketException;
            }

            if (receiver is IPropertyReferenceOperation { Property.Name: "InnerException" } or IInvocationOperation { TargetMethod.Name: "GetBaseException" } ||
                SymbolEqualityComparer.Default.Equals(type, _model.Win32Exception) ||
                SymbolEqualityComparer.Default.Equals(type, _model.ExternalException))
            {
                return _model.CanBeSocketError(type) && ConnectionModel.InheritsFrom(_model.SocketException, type as INamedTypeSymbol)
                    ? FixData.ShapeIs
                    : null;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _model.IOException))
            {
                return FixData.ShapeInner;
            }

            return type?.ToDisplayString() is "System.Exception" or "System.SystemException" ? FixData.ShapeSelfOrInner : null;
        }

        /// <summary>An exception expression the fix can write again: locals, parameters, InnerException/casts of them.</summary>
        private static bool IsRewritable(IOperation? receiver, int depth)
        {
            if (depth > MaxSteps)
            {
                return false;
            }

            return receiver switch
            {
                ILocalReferenceOperation or IParameterReferenceOperation => !receiver.IsImplicit,
                IPropertyReferenceOperation { Property.Name: "InnerException", Instance: var instance } => IsRewritable(instance, depth + 1),
                IInvocationOperation { TargetMethod.Name: "GetBaseException", Instance: var instance } => IsRewritable(instance, depth + 1),
                IConversionOperation { IsImplicit: false, OperatorMethod: null } conversion => IsRewritable(conversion.Operand, depth + 1),
                _ => false,
            };
        }

        /// <summary>Whether the local or parameter the receiver is built on is in scope where the fix writes it again.</summary>
        private static bool IsVisibleAt(IOperation receiver, SyntaxNode site)
        {
            var root = receiver;
            for (var steps = 0; steps < MaxSteps; steps++)
            {
                switch (root)
                {
                    case IPropertyReferenceOperation { Instance: { } instance }:
                        root = instance;
                        continue;
                    case IInvocationOperation { Instance: { } instance }:
                        root = instance;
                        continue;
                    case IConversionOperation conversion:
                        root = conversion.Operand;
                        continue;
                }

                break;
            }

            ISymbol? symbol = root switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            if (symbol is null || receiver.SemanticModel is not { } semanticModel || semanticModel.SyntaxTree != site.SyntaxTree)
            {
                return false;
            }

            return semanticModel.LookupSymbols(site.SpanStart, name: symbol.Name)
                .Any(candidate => SymbolEqualityComparer.Default.Equals(candidate, symbol));
        }

        private static object Replacement(Finding finding) =>
            finding.Meaning is null ? Text("SOCK003_AnySocketError") : "SocketError." + finding.Meaning;

        /// <summary>
        /// The value compared, when it is the message, a native number or a cast of one read from an exception:
        /// directly, through string case conversions, through a local assigned only that value, or through <c>?.</c>.
        /// </summary>
        private Source? GetSource(IOperation? operation)
        {
            var viaLocal = false;
            var viaConditional = false;
            IConversionOperation? cast = null;
            for (var steps = 0; operation is not null && steps < MaxSteps * 2; steps++)
            {
                switch (operation)
                {
                    case IConversionOperation conversion when cast is null && _model.IsSocketErrorType(conversion.Type):
                        if (conversion.IsImplicit || conversion.OperatorMethod is not null)
                        {
                            return null;
                        }

                        cast = conversion;
                        operation = conversion.Operand;
                        continue;

                    case IConversionOperation conversion:
                        // Numeric widening/narrowing ((long)e.HResult), boxing for Equals(object); nothing user-defined.
                        if (conversion.OperatorMethod is not null || conversion.Type is { TypeKind: TypeKind.Enum })
                        {
                            return null;
                        }

                        operation = conversion.Operand;
                        continue;

                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;

                    case IConditionalAccessOperation conditionalAccess:
                        viaConditional = true;
                        operation = conditionalAccess.WhenNotNull;
                        continue;

                    case IPropertyReferenceOperation { Instance: { } instance } property when _model.IsNativeErrorNumberProperty(property.Property):
                        return new Source(
                            cast is null ? SourceKind.Number : SourceKind.Cast,
                            ResolveConditionalInstance(instance, ref viaConditional),
                            property.Property.Name,
                            cast,
                            viaLocal,
                            viaConditional);

                    case IPropertyReferenceOperation { Instance: { } instance } property when cast is null && _model.IsExceptionMessageProperty(property.Property):
                        return new Source(SourceKind.Text, ResolveConditionalInstance(instance, ref viaConditional), "Message", null, viaLocal, viaConditional);

                    case IInvocationOperation { Instance: { } instance } invocation when cast is null && _model.IsExceptionToString(invocation):
                        return new Source(SourceKind.Text, ResolveConditionalInstance(instance, ref viaConditional), "ToString()", null, viaLocal, viaConditional);

                    case IInvocationOperation { Instance: { } instance, TargetMethod: { } method }
                        when cast is null && method.ContainingType?.SpecialType == SpecialType.System_String &&
                             method.Name is "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Trim" or "TrimStart" or "TrimEnd":
                        operation = ResolveConditionalInstance(instance, ref viaConditional);
                        continue;

                    case IConditionalAccessInstanceOperation conditionalInstance:
                        operation = ResolveConditionalInstance(conditionalInstance, ref viaConditional);
                        if (operation is IConditionalAccessInstanceOperation)
                        {
                            return null;
                        }

                        continue;

                    case ILocalReferenceOperation local when TryGetLocalValue(local, out var value):
                        viaLocal = true;
                        operation = value;
                        continue;

                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The receiver of <c>x?.Message</c> is x.</summary>
        private static IOperation ResolveConditionalInstance(IOperation instance, ref bool viaConditional)
        {
            if (instance is not IConditionalAccessInstanceOperation)
            {
                return instance;
            }

            IOperation child = instance;
            for (var parent = instance.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation conditionalAccess && conditionalAccess.Operation != child)
                {
                    viaConditional = true;
                    return conditionalAccess.Operation;
                }
            }

            return instance;
        }

        /// <summary>
        /// Whether SOCK003 judges this exception: a SocketException always; an exception that may wrap one when it
        /// is a parameter (a helper that receives it), or a catch variable whose try block does connection I/O
        /// (followed through InnerException, GetBaseException(), casts, locals and patterns).
        /// </summary>
        private bool IsJudged(IOperation? receiver, int depth)
        {
            if (receiver is null || depth > MaxSteps)
            {
                return false;
            }

            var type = receiver.Type;
            if (_model.IsSocketException(type))
            {
                return true;
            }

            if (!_model.CanBeSocketError(type))
            {
                return false;
            }

            switch (receiver)
            {
                case IConversionOperation conversion:
                    return IsJudged(conversion.Operand, depth + 1);
                case IParenthesizedOperation parenthesized:
                    return IsJudged(parenthesized.Operand, depth + 1);
                case IParameterReferenceOperation:
                    return true;
                case ILocalReferenceOperation local:
                    if (FindCatchClause(local) is { } clause)
                    {
                        return CatchAroundConnection().GetOrAdd(clause, CatchIsAroundConnectionIo);
                    }

                    if (TryGetLocalValue(local, out var value))
                    {
                        return IsJudged(value, depth + 1);
                    }

                    return IsJudged(FindPatternInputOfDeclaredLocal(local), depth + 1);
                case IPropertyReferenceOperation { Property.Name: "InnerException", Instance: { } instance }:
                    return IsJudged(instance, depth + 1);
                case IInvocationOperation { TargetMethod.Name: "GetBaseException", Instance: { } instance }:
                    return IsJudged(instance, depth + 1);
                case IConditionalAccessInstanceOperation conditionalInstance:
                    var viaConditional = false;
                    var resolved = ResolveConditionalInstance(conditionalInstance, ref viaConditional);
                    return resolved != receiver && IsJudged(resolved, depth + 1);
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput } patternInput:
                    return IsJudged(PatternInputOfInstance(patternInput), depth + 1);
                default:
                    return false;
            }
        }

        private static ICatchClauseOperation? FindCatchClause(ILocalReferenceOperation reference)
        {
            for (var current = reference.Parent; current is not null; current = current.Parent)
            {
                if (current is ICatchClauseOperation clause && clause.Locals.Contains(reference.Local, SymbolEqualityComparer.Default))
                {
                    return clause;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether the try block of the catch does I/O on a connection: a call on a connection, on a stream, reader
        /// or writer that may wrap one, with a connection argument, or to a method of the project that does.
        /// A try block that only touches files, pipes or the console is not (its "Broken pipe" is not a socket's).
        /// </summary>
        private bool CatchIsAroundConnectionIo(ICatchClauseOperation clause)
        {
            if (clause.Parent is not ITryOperation { Body: { } body })
            {
                return false;
            }

            var localValues = LocalValuesOf(body);
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation when IsConnectionIo(invocation, localValues):
                        return true;
                    case IObjectCreationOperation { Arguments.Length: > 0 } creation when ConnectionModel.InheritsFrom(creation.Type, _model.TcpClient):
                        // new TcpClient(host, port) connects.
                        return true;
                }
            }

            return false;
        }

        private bool IsConnectionIo(IInvocationOperation invocation, IReadOnlyDictionary<ILocalSymbol, IOperation> localValues)
        {
            var method = invocation.TargetMethod;
            if (_model.IsConnectionType(method.ContainingType) || ConnectionModel.InheritsFrom(method.ContainingType, _model.TcpListener))
            {
                return true;
            }

            if (invocation.Instance is { } instance)
            {
                var receiver = ConnectionSemantics.Strip(instance);
                if (_model.IsConnectionType(receiver.Type))
                {
                    return true;
                }

                if (_model.IsWrapperType(receiver.Type))
                {
                    if (_model.Classify(method) != ConnectionOperationKind.None && _model.MayBeConnection(receiver, localValues))
                    {
                        return true;
                    }
                }
                else if (_semantics.IsConnectionType(receiver.Type) && _semantics.EffectOnReceiver(invocation) != CallEffects.None)
                {
                    // A session of the project: its method reads, writes or closes the connection it holds.
                    return true;
                }
            }

            foreach (var argument in invocation.Arguments)
            {
                var value = ConnectionSemantics.Strip(argument.Value);
                if (_model.IsConnectionType(value.Type) ||
                    _semantics.EffectOnArgument(invocation, argument) != CallEffects.None && _model.MayBeConnection(value, localValues))
                {
                    return true;
                }
            }

            return false;
        }

        private IOperation? FindPatternInputOfDeclaredLocal(ILocalReferenceOperation reference)
        {
            foreach (var operation in BodyFacts.RootOf(reference).Descendants())
            {
                var declared = operation switch
                {
                    IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                    IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                    _ => null,
                };
                if (declared is not null && SymbolEqualityComparer.Default.Equals(declared, reference.Local))
                {
                    return PatternInput((IPatternOperation)operation);
                }
            }

            return null;
        }

        /// <summary>What a pattern is matched against: the value of <c>is</c>/<c>switch</c>, or the member of an enclosing property pattern.</summary>
        private static IOperation? PatternInput(IPatternOperation pattern)
        {
            IOperation child = pattern;
            for (var parent = pattern.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IBinaryPatternOperation or INegatedPatternOperation:
                        continue;
                    case IIsPatternOperation isPattern:
                        return isPattern.Value;
                    case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression }:
                        return switchExpression.Value;
                    case IPatternCaseClauseOperation { Parent.Parent: ISwitchOperation switchOperation }:
                        return switchOperation.Value;
                    case IPropertySubpatternOperation subpattern when subpattern.Pattern == child:
                        return subpattern.Member;
                    default:
                        return null;
                }
            }

            return null;
        }

        private static IOperation? PatternInputOfInstance(IInstanceReferenceOperation patternInput)
        {
            for (var parent = patternInput.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IRecursivePatternOperation recursive)
                {
                    return PatternInput(recursive);
                }
            }

            return null;
        }

        /// <summary>The one value of a local assigned exactly once (its initializer or a single assignment).</summary>
        private bool TryGetLocalValue(ILocalReferenceOperation reference, out IOperation value)
        {
            // Locals of a lambda are summarized with its body, outer locals with the enclosing bodies.
            for (IOperation? current = reference; current is not null; current = current.Parent)
            {
                var body = current switch
                {
                    IAnonymousFunctionOperation function => function.Body,
                    ILocalFunctionOperation function => function.Body ?? (IOperation)function,
                    _ => current.Parent is null ? current : null,
                };
                if (body is not null && ConnectionSemantics.LocalAliases(body).TryGetValue(reference.Local, out value!))
                {
                    return true;
                }
            }

            value = null!;
            return false;
        }

        /// <summary>Single-assignment locals of the function (method, lambda or local function) that contains <paramref name="operation"/>.</summary>
        private IReadOnlyDictionary<ILocalSymbol, IOperation> LocalValuesOf(IOperation operation)
        {
            var body = operation;
            for (IOperation? current = operation; current is not null; current = current.Parent)
            {
                body = current;
                if (current is IAnonymousFunctionOperation lambda)
                {
                    body = lambda.Body;
                    break;
                }

                if (current is ILocalFunctionOperation function)
                {
                    body = function.Body ?? (IOperation)function;
                    break;
                }
            }

            return ConnectionSemantics.LocalAliases(body);
        }

        private static void CollectPatternConstants(IPatternOperation pattern, List<IOperation> constants, ref bool simple, ref bool negated, bool top, int nesting = 0)
        {
            if (nesting > OperationChains.MaxNesting)
            {
                // Too deep to read: not a simple list of numbers, so it is not judged.
                simple = false;
                return;
            }

            switch (pattern)
            {
                case IConstantPatternOperation constant:
                    constants.Add(constant.Value);
                    break;
                case IBinaryPatternOperation binary:
                    simple &= binary.OperatorKind == BinaryOperatorKind.Or;
                    CollectPatternConstants(binary.LeftPattern, constants, ref simple, ref negated, top: false, nesting + 1);
                    CollectPatternConstants(binary.RightPattern, constants, ref simple, ref negated, top: false, nesting + 1);
                    break;
                case INegatedPatternOperation negation:
                    if (top)
                    {
                        negated = true;
                    }
                    else
                    {
                        simple = false;
                    }

                    CollectPatternConstants(negation.Pattern, constants, ref simple, ref negated, top: false, nesting + 1);
                    break;
                default:
                    simple = false;
                    break;
            }
        }

        private List<Constant> Constants(IEnumerable<IOperation> operations)
        {
            var constants = new List<Constant>();
            foreach (var operation in operations)
            {
                if (operation.ConstantValue.HasValue)
                {
                    constants.Add(new Constant(operation.ConstantValue.Value, _model.IsSocketErrorType(StripImplicit(operation).Type)));
                }
                else
                {
                    // Not a constant: the comparison may cover a case no SocketError names.
                    constants.Add(new Constant(null, isSocketError: false));
                }
            }

            return constants;
        }

        private static IOperation StripImplicit(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>The numbers of an array, list or set: created inline, in a local, or in a readonly field or property.</summary>
        private void CollectCollectionConstants(IOperation? collection, SemanticModel? semanticModel, List<Constant> constants, int depth)
        {
            if (collection is null || depth > MaxSteps)
            {
                return;
            }

            switch (collection)
            {
                case IConversionOperation conversion:
                    CollectCollectionConstants(conversion.Operand, semanticModel, constants, depth + 1);
                    break;
                case IArrayCreationOperation { Initializer: { } initializer }:
                    constants.AddRange(Constants(initializer.ElementValues));
                    break;
                case IArrayInitializerOperation initializer:
                    // static readonly int[] Codes = { 104, 54 };
                    constants.AddRange(Constants(initializer.ElementValues));
                    break;
                case IObjectCreationOperation creation:
                    foreach (var argument in creation.Arguments)
                    {
                        CollectCollectionConstants(argument.Value, semanticModel, constants, depth + 1);
                    }

                    if (creation.Initializer is { } objectInitializer)
                    {
                        foreach (var element in objectInitializer.Initializers)
                        {
                            if (element is IInvocationOperation { Arguments.Length: 1 } add)
                            {
                                constants.AddRange(Constants(new[] { add.Arguments[0].Value }));
                            }
                        }
                    }

                    break;
                case IInvocationOperation invocation:
                    // ImmutableArray.Create(104, 54), new[] { ... }.ToHashSet()
                    if (invocation.Instance is { } instance)
                    {
                        CollectCollectionConstants(instance, semanticModel, constants, depth + 1);
                    }

                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.ArgumentKind == ArgumentKind.ParamArray || argument.Value is IArrayCreationOperation or IObjectCreationOperation)
                        {
                            CollectCollectionConstants(argument.Value, semanticModel, constants, depth + 1);
                        }
                        else if (argument.Value.ConstantValue.HasValue)
                        {
                            constants.AddRange(Constants(new[] { argument.Value }));
                        }
                        else
                        {
                            CollectCollectionConstants(argument.Value, semanticModel, constants, depth + 1);
                        }
                    }

                    break;
                case ILocalReferenceOperation local when TryGetLocalValue(local, out var value):
                    CollectCollectionConstants(value, semanticModel, constants, depth + 1);
                    break;
                case IFieldReferenceOperation { Field: { IsReadOnly: true } or { IsConst: true } } field:
                    CollectInitializerConstants(field.Field, semanticModel, constants, depth);
                    break;
                case IPropertyReferenceOperation { Property: { IsReadOnly: true, Parameters.IsEmpty: true } } property:
                    CollectInitializerConstants(property.Property, semanticModel, constants, depth);
                    break;
                default:
                    if (collection.Kind.ToString() == "CollectionExpression")
                    {
                        // [104, 54]: an operation kind newer than the compiler the analyzer is built against.
                        constants.AddRange(Constants(collection.ChildOperations));
                    }

                    break;
            }
        }

        /// <summary>The initializer of a readonly field or get-only property: bound when in this tree, else its number literals.</summary>
        private void CollectInitializerConstants(ISymbol member, SemanticModel? semanticModel, List<Constant> constants, int depth)
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var initializer = reference.GetSyntax() switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                    PropertyDeclarationSyntax propertyDeclaration => propertyDeclaration.Initializer?.Value,
                    _ => null,
                };
                if (initializer is null)
                {
                    continue;
                }

                if (semanticModel is not null && initializer.SyntaxTree == semanticModel.SyntaxTree)
                {
                    CollectCollectionConstants(semanticModel.GetOperation(initializer), semanticModel, constants, depth + 1);
                    continue;
                }

                foreach (var literal in initializer.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>())
                {
                    if (literal.IsKind(SyntaxKind.NumericLiteralExpression))
                    {
                        var value = literal.Token.Value;
                        constants.Add(new Constant(literal.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } ? Negate(value) : value, false));
                    }
                }
            }
        }

        private static object? Negate(object? value) => value switch
        {
            int number => -number,
            long number => -number,
            _ => null,
        };

        /// <summary>What the constants name, or null when none of them is a socket error (nothing to report).</summary>
        private Finding? Evaluate(Source source, List<Constant> constants, bool isRegexPattern)
        {
            if (constants.Count == 0)
            {
                return null;
            }

            var allRecognized = true;
            switch (source.Kind)
            {
                case SourceKind.Number:
                {
                    var numbers = new List<long>();
                    var codes = ImmutableArray.CreateBuilder<SocketErrorCatalog.NativeCode>();
                    foreach (var constant in constants)
                    {
                        var found = !constant.IsSocketError && ToInt64(constant.Value) is { } number
                            ? SocketErrorCatalog.LookUpNative(number)
                            : ImmutableArray<SocketErrorCatalog.NativeCode>.Empty;
                        if (found.IsEmpty)
                        {
                            allRecognized = false;
                            continue;
                        }

                        numbers.Add(ToInt64(constant.Value)!.Value);
                        codes.AddRange(found);
                    }

                    if (numbers.Count == 0)
                    {
                        return null;
                    }

                    var meaning = SocketErrorCatalog.SingleMeaning(codes.ToImmutable());
                    var list = LocalizedText.Join("SOCK003_ListSeparator", numbers.Distinct().Select(number => (object)FormatNumber(number)));
                    // "ECONNRESET on Linux and macOS": localized in the reader's culture, like the rest of the message.
                    var names = LocalizedText.Join("SOCK003_ListSeparator", codes
                        .GroupBy(code => (code.Number, code.Name))
                        .Select(group => (object)LocalizedText.Format(
                            "SOCK003_CodeOnSystems",
                            group.Key.Name,
                            LocalizedText.Join("SOCK003_SystemsSeparator", group.Select(code => (object)code.OperatingSystem)))));
                    var single = numbers.Distinct().Count() == 1;
                    return new Finding(
                        LocalizedText.Format(single ? "SOCK003_Number" : "SOCK003_Numbers", list),
                        LocalizedText.Format(single ? "SOCK003_NumberReason" : "SOCK003_NumbersReason", names),
                        meaning == SocketErrorMeaning.Unknown ? null : meaning.ToString(),
                        allRecognized);
                }

                case SourceKind.Text:
                {
                    var texts = new List<string>();
                    SocketErrorMeaning? common = null;
                    foreach (var constant in constants)
                    {
                        if (constant.Value is not string text ||
                            !SocketErrorCatalog.IsConnectionErrorText(isRegexPattern ? RegexToText(text) : text, out var meaning))
                        {
                            allRecognized = false;
                            continue;
                        }

                        texts.Add(text);
                        common = common is null || common == meaning ? meaning : SocketErrorMeaning.Unknown;
                    }

                    if (texts.Count == 0)
                    {
                        return null;
                    }

                    return new Finding(
                        LocalizedText.Format("SOCK003_Text", LocalizedText.Join("SOCK003_ListSeparator", texts.Select(text => (object)("'" + text + "'")))),
                        Text("SOCK003_TextReason"),
                        common is { } found && found != SocketErrorMeaning.Unknown ? found.ToString() : null,
                        allRecognized);
                }

                default:
                {
                    var members = new List<string>();
                    foreach (var constant in constants)
                    {
                        // (SocketError)e.ErrorCode == SocketError.Success is 0 == 0 everywhere.
                        if (constant.IsSocketError && SocketErrorName(constant.Value) is { } name && name != "Success")
                        {
                            members.Add(name);
                        }
                        else
                        {
                            allRecognized = false;
                        }
                    }

                    if (members.Count == 0)
                    {
                        return null;
                    }

                    var distinct = members.Distinct().ToList();
                    return new Finding(
                        Text("SOCK003_Cast", source.PropertyName),
                        Text("SOCK003_CastReason", source.PropertyName),
                        distinct.Count == 1 ? distinct[0] : null,
                        allRecognized);
                }
            }
        }

        private string? SocketErrorName(object? value)
        {
            if (value is not int number || _model.SocketError is null)
            {
                return null;
            }

            foreach (var member in _model.SocketError.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int memberValue } field && memberValue == number)
                {
                    return field.Name;
                }
            }

            return null;
        }

        private static long? ToInt64(object? value) => value switch
        {
            int number => number,
            long number => number,
            uint number => number,
            short number => number,
            ushort number => number,
            byte number => number,
            sbyte number => number,
            ulong number when number <= long.MaxValue => (long)number,
            _ => null,
        };

        /// <summary>HRESULTs read best in hex (0x80072746), errno and Winsock numbers in decimal.</summary>
        private static string FormatNumber(long number) =>
            number < 0 || number > 0xFFFF
                ? "0x" + unchecked((uint)number).ToString("X8", CultureInfo.InvariantCulture)
                : number.ToString(CultureInfo.InvariantCulture);

        /// <summary>A regex pattern as the text it matches, for the common forms: <c>(?i)connection\s+reset</c>.</summary>
        private static string RegexToText(string pattern) =>
            pattern.Replace("(?i)", string.Empty)
                .Replace(@"\s+", " ").Replace(@"\s*", " ").Replace(@"\s", " ").Replace(@"\b", string.Empty)
                .Replace(".*", " ").Replace(".+", " ").Replace("^", string.Empty).Replace("$", string.Empty);
    }

    /// <summary>A part of the message, localized when the message is formatted.</summary>
    private static LocalizableString Text(string key, params string[] arguments) =>
        new LocalizableResourceString(key, Resources.ResourceManager, typeof(Resources), arguments);
}
