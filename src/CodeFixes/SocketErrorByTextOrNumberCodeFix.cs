using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Model;
using FixData = SocketAnalyzers.Rules.SocketErrorByTextOrNumberAnalyzer.FixData;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// SOCK003: compares <c>SocketErrorCode</c> with a <c>SocketError</c> value instead of the message text or the native
/// number — on a SocketException directly, on an IOException through its inner exception. Which rewrite applies is
/// decided by the analyzer (<see cref="FixData"/>); diagnostics without a <see cref="FixData.Form"/> get no fix.
/// FixAll rewrites a document in one pass (edits of one switch are shared by its labels, the using is added once).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketErrorByTextOrNumberCodeFix)), Shared]
public sealed partial class SocketErrorByTextOrNumberCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "SOCK003.CompareSocketErrorCode";

    private const string SocketsNamespace = "System.Net.Sockets";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SocketErrorByTextOrNumber);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (fixAllContext, document, diagnostics) =>
            (await FixNamingTwinsAsync(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false)).Fixed ?? document);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(FixData.Form))
            {
                continue;
            }

            // Computed now, so a fix is offered only when it produces code.
            var (fixedDocument, namesTwins) = await FixNamingTwinsAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
            if (fixedDocument is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title(diagnostic, namesTwins), _ => Task.FromResult(fixedDocument), EquivalenceKey),
                diagnostic);
        }
    }

    private static string Title(Diagnostic diagnostic, bool namesTwins)
    {
        var format = Resources.ResourceManager.GetString("SOCK003_FixTitle") ?? "{0}";
        var value = diagnostic.Properties.TryGetValue(FixData.Meaning, out var meaning) && meaning is not null
            ? "SocketError." + meaning
            : Resources.ResourceManager.GetString("SOCK003_AnySocketError") ?? "SocketError";
        if (namesTwins && meaning is not null && TwinOf(meaning) is { } twin)
        {
            value = (Resources.ResourceManager.GetString("SOCK003_EitherOf") ?? "{0} or {1}").Replace("{0}", value).Replace("{1}", "SocketError." + twin);
        }

        return format.Replace("{0}", value);
    }

    /// <summary>
    /// The fixed document, or null; <paramref name="pass"/> says which diagnostics name both peer-gone twins or are
    /// left out, and receives the nodes each fixed diagnostic wrote.
    /// </summary>
    private static async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, TwinPass pass, CancellationToken cancellationToken)
    {
        var fixable = diagnostics
            .Where(diagnostic => diagnostic.Properties.ContainsKey(FixData.Form) && diagnostic.AdditionalLocations.Count == 2 && !pass.Excluded.Contains(diagnostic))
            .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .ToList();
        if (fixable.Count == 0)
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax compilationUnit || semanticModel is null)
        {
            return null;
        }

        var names = TypeNames.Decide(semanticModel, fixable.Select(diagnostic => diagnostic.Location.SourceSpan.Start).ToList());
        if (names is null)
        {
            return null;
        }

        var languageVersion = (root.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.CSharp7_3;
        var edits = new Edits();
        foreach (var diagnostic in fixable)
        {
            var planned = Plan(diagnostic, root, semanticModel, names, languageVersion, pass.Paired.Contains(diagnostic) ? pass : null);
            if (planned is not null && edits.TryAdd(planned))
            {
                pass.Written[diagnostic] = planned.Select(edit => edit.Node).ToList();
            }
        }

        if (edits.IsEmpty)
        {
            return null;
        }

        var newRoot = (CompilationUnitSyntax)edits.Apply(root, pass.Marks);
        if (names.AddUsing)
        {
            newRoot = AddSocketsUsing(newRoot, EndOfLine(compilationUnit));
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>The node replacements (null: remove) that fix one diagnostic, or null when it cannot be fixed.</summary>
    /// <param name="pairing">Set when the fix names both peer-gone twins (SOCK002 would flag the one code alone).</param>
    private static List<(SyntaxNode Node, SyntaxNode? Replacement)>? Plan(
        Diagnostic diagnostic, SyntaxNode root, SemanticModel semanticModel, TypeNames names, LanguageVersion languageVersion, TwinPass? pairing)
    {
        var properties = diagnostic.Properties;
        properties.TryGetValue(FixData.Form, out var form);
        properties.TryGetValue(FixData.Shape, out var shape);
        properties.TryGetValue(FixData.Meaning, out var meaning);
        var negated = properties.TryGetValue(FixData.Negated, out var negatedText) && negatedText == "true";
        var first = FindNode(root, diagnostic.AdditionalLocations[0]);
        var target = FindNode(root, diagnostic.AdditionalLocations[1]);
        if (first is null || target is null || shape is null)
        {
            return null;
        }

        switch (form)
        {
            case FixData.FormCheck when meaning is not null && first is ExpressionSyntax receiver && target is ExpressionSyntax comparison:
            {
                var text = pairing is null
                    ? CheckText(shape, ReceiverText(receiver), names.SocketError + "." + meaning, names.SocketException, negated, languageVersion)
                    : TwinCheckText(shape, receiver, meaning, names, negated, languageVersion, pairing.Variable(comparison));
                var check = text is null ? null : Parse(text);
                if (check is null)
                {
                    return null;
                }

                if (pairing is null ? NeedsParentheses(comparison) : NeedsParenthesesAroundTwinCheck(comparison, check))
                {
                    check = SyntaxFactory.ParenthesizedExpression(check);
                }

                return new() { (comparison, check.WithTriviaFrom(comparison)) };
            }

            case FixData.FormCast when pairing is null && first is ExpressionSyntax receiver && target is ExpressionSyntax cast:
            {
                var replacement = Parse(ReceiverText(receiver) + ".SocketErrorCode");
                return replacement is null ? null : new() { (cast, replacement.WithTriviaFrom(cast)) };
            }

            case FixData.FormSubpattern when meaning is not null && first is RecursivePatternSyntax recursive && target is SubpatternSyntax subpattern:
                return PatternValue(names, meaning, pairing is not null, languageVersion) is { } patternValue
                    ? PlanSubpattern(recursive, subpattern, shape, patternValue, names.SocketException, negated)
                    : null;

            case FixData.FormSwitch when first is ExpressionSyntax receiver && (pairing is null || languageVersion >= LanguageVersion.CSharp9):
                return PlanSwitch(target, ReceiverText(receiver), semanticModel, names, namesTwins: pairing is not null);

            default:
                return null;
        }
    }

    private static string CheckText(string shape, string receiver, string value, string socketException, bool negated, LanguageVersion languageVersion)
    {
        var equality = negated ? "!=" : "==";
        string OnPossibleSocketException(string exception)
        {
            if (languageVersion >= LanguageVersion.CSharp9 || languageVersion >= LanguageVersion.CSharp8 && !negated)
            {
                return $"{exception} is {(negated ? "not " : string.Empty)}{socketException} {{ SocketErrorCode: {value} }}";
            }

            // C# 7.3 has no recursive patterns; null (not a SocketException) != value keeps the negation right.
            return $"({exception} as {socketException})?.SocketErrorCode {equality} {value}";
        }

        return shape switch
        {
            FixData.ShapeSocketException => $"{receiver}.SocketErrorCode {equality} {value}",
            FixData.ShapeIs => OnPossibleSocketException(receiver),
            FixData.ShapeInner => OnPossibleSocketException(receiver + ".InnerException"),
            _ => $"({receiver} as {socketException} ?? {receiver}.InnerException as {socketException})?.SocketErrorCode {equality} {value}",
        };
    }

    private static List<(SyntaxNode, SyntaxNode?)>? PlanSubpattern(
        RecursivePatternSyntax recursive, SubpatternSyntax subpattern, string shape, string value, string socketException, bool negated)
    {
        var text = shape switch
        {
            FixData.ShapeSocketException => $"SocketErrorCode: {(negated ? "not " + NegatablePattern(value) : value)}",
            FixData.ShapeIs when !negated => $"SocketErrorCode: {value}",
            FixData.ShapeInner when !negated => $"InnerException: {socketException} {{ SocketErrorCode: {value} }}",
            _ => null,
        };
        if (text is null ||
            Parse($"_ is {{ {text} }}") is not IsPatternExpressionSyntax { Pattern: RecursivePatternSyntax { PropertyPatternClause.Subpatterns: { Count: 1 } parsed } })
        {
            return null;
        }

        var newSubpattern = parsed[0].WithTriviaFrom(subpattern);
        if (shape != FixData.ShapeIs)
        {
            return new() { (subpattern, newSubpattern) };
        }

        // Win32Exception { NativeErrorCode: 10053 } becomes SocketException { SocketErrorCode: ... }.
        var type = SyntaxFactory.ParseTypeName(socketException);
        if (recursive.Type is { } oldType)
        {
            return new() { (oldType, type.WithTriviaFrom(oldType)), (subpattern, newSubpattern) };
        }

        var rewritten = recursive.ReplaceNode(subpattern, newSubpattern);
        rewritten = rewritten.WithoutLeadingTrivia()
            .WithType(type.WithLeadingTrivia(recursive.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space));
        return new() { (recursive, rewritten) };
    }

    /// <summary>
    /// <c>switch (e.ErrorCode) { case 104: case 54: ... }</c> becomes <c>switch (e.SocketErrorCode) { case SocketError.ConnectionReset: ... }</c>;
    /// labels of one section that name the same code collapse into one.
    /// </summary>
    private static List<(SyntaxNode, SyntaxNode?)>? PlanSwitch(SyntaxNode target, string receiver, SemanticModel semanticModel, TypeNames names, bool namesTwins)
    {
        var governing = Parse(receiver + ".SocketErrorCode");
        if (governing is null)
        {
            return null;
        }

        var edits = new List<(SyntaxNode, SyntaxNode?)>();
        switch (target)
        {
            case SwitchStatementSyntax switchStatement:
                edits.Add((switchStatement.Expression, governing.WithTriviaFrom(switchStatement.Expression)));
                foreach (var section in switchStatement.Sections)
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var label in section.Labels)
                    {
                        var (valueNode, values, hasGuard) = label switch
                        {
                            CaseSwitchLabelSyntax caseLabel => ((SyntaxNode?)caseLabel.Value, new List<ExpressionSyntax> { caseLabel.Value }, false),
                            CasePatternSwitchLabelSyntax patternLabel => (patternLabel.Pattern, PatternChains.OrChainConstants(patternLabel.Pattern), patternLabel.WhenClause is not null),
                            _ => (null, null, false),
                        };
                        if (valueNode is null)
                        {
                            continue;
                        }

                        if (values is null || MeaningOf(values, semanticModel) is not { } meaning)
                        {
                            return null;
                        }

                        var value = namesTwins ? SwitchValue(names, meaning) : names.SocketError + "." + meaning;
                        if (!seen.Add(meaning))
                        {
                            if (hasGuard)
                            {
                                return null;
                            }

                            edits.Add((label, null));
                        }
                        else if (valueNode is ExpressionSyntax expression && Parse(value) is { } newValue)
                        {
                            edits.Add((expression, newValue.WithTriviaFrom(expression)));
                        }
                        else if (valueNode is PatternSyntax pattern && Parse(value) is { } newConstant)
                        {
                            edits.Add((pattern, SyntaxFactory.ConstantPattern(newConstant).WithTriviaFrom(pattern)));
                        }
                        else if (ParsePattern(value) is { } twinPattern && label is CaseSwitchLabelSyntax twinLabel)
                        {
                            edits.Add((label, SyntaxFactory.CasePatternSwitchLabel(twinPattern, twinLabel.ColonToken).WithTriviaFrom(label)));
                        }
                        else if (ParsePattern(value) is { } twinPatternOfLabel && valueNode is PatternSyntax oldPattern)
                        {
                            edits.Add((oldPattern, twinPatternOfLabel.WithTriviaFrom(oldPattern)));
                        }
                        else
                        {
                            return null;
                        }
                    }
                }

                return edits;

            case SwitchExpressionSyntax switchExpression:
                edits.Add((switchExpression.GoverningExpression, governing.WithTriviaFrom(switchExpression.GoverningExpression)));
                foreach (var arm in switchExpression.Arms)
                {
                    if (arm.Pattern is DiscardPatternSyntax)
                    {
                        continue;
                    }

                    if (PatternChains.OrChainConstants(arm.Pattern) is not { } values || MeaningOf(values, semanticModel) is not { } meaning ||
                        ParsePattern(namesTwins ? SwitchValue(names, meaning) : names.SocketError + "." + meaning) is not { } newPattern)
                    {
                        return null;
                    }

                    edits.Add((arm.Pattern, newPattern.WithTriviaFrom(arm.Pattern)));
                }

                return edits;

            default:
                return null;
        }
    }

    /// <summary>The one SocketError member all these native numbers mean, or null.</summary>
    private static string? MeaningOf(List<ExpressionSyntax> values, SemanticModel semanticModel)
    {
        var codes = ImmutableArray.CreateBuilder<SocketErrorCatalog.NativeCode>();
        foreach (var value in values)
        {
            var constant = semanticModel.GetConstantValue(value);
            if (!constant.HasValue || constant.Value is not (int or long or uint or short or ushort or byte or sbyte))
            {
                return null;
            }

            var found = SocketErrorCatalog.LookUpNative(Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture));
            if (found.IsEmpty)
            {
                return null;
            }

            codes.AddRange(found);
        }

        var meaning = SocketErrorCatalog.SingleMeaning(codes.ToImmutable());
        return meaning == SocketErrorMeaning.Unknown ? null : meaning.ToString();
    }

    private static SyntaxNode? FindNode(SyntaxNode root, Location location) =>
        location.IsInSource && location.SourceTree == root.SyntaxTree && root.FullSpan.Contains(location.SourceSpan)
            ? root.FindNode(location.SourceSpan, getInnermostNodeForTie: true)
            : null;

    private static ExpressionSyntax? Parse(string text)
    {
        var expression = SyntaxFactory.ParseExpression(text);
        return expression.ContainsDiagnostics || expression.FullSpan.Length != text.Length ? null : expression;
    }

    /// <summary>The exception expression as it can be written before <c>.SocketErrorCode</c> or <c>is</c>.</summary>
    private static string ReceiverText(ExpressionSyntax receiver)
    {
        var text = receiver.WithoutTrivia().ToString();
        return receiver is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or
            ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax
            ? text
            : "(" + text + ")";
    }

    /// <summary>Whether an equality or <c>is</c> expression put where <paramref name="node"/> is needs parentheses.</summary>
    private static bool NeedsParentheses(ExpressionSyntax node)
    {
        switch (node.Parent)
        {
            case ParenthesizedExpressionSyntax or ArgumentSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax or
                IfStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CatchFilterClauseSyntax or
                WhenClauseSyntax or ArrowExpressionClauseSyntax or LambdaExpressionSyntax or ExpressionStatementSyntax or
                YieldStatementSyntax or InitializerExpressionSyntax or ConditionalExpressionSyntax or SwitchExpressionArmSyntax:
                return false;
            case AssignmentExpressionSyntax assignment:
                return assignment.Left == node;
            case BinaryExpressionSyntax binary:
                return !binary.IsKind(SyntaxKind.LogicalAndExpression) && !binary.IsKind(SyntaxKind.LogicalOrExpression) &&
                       !binary.IsKind(SyntaxKind.BitwiseAndExpression) && !binary.IsKind(SyntaxKind.BitwiseOrExpression) &&
                       !binary.IsKind(SyntaxKind.ExclusiveOrExpression) && !binary.IsKind(SyntaxKind.CoalesceExpression);
            default:
                return true;
        }
    }

    private static string EndOfLine(SyntaxNode root) =>
        root.DescendantTrivia().FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } eol ? eol : "\n";

    /// <summary>Adds <c>using System.Net.Sockets;</c> where the file keeps its usings, in System-first order.</summary>
    private static CompilationUnitSyntax AddSocketsUsing(CompilationUnitSyntax root, string endOfLine)
    {
        var directive = SyntaxFactory.ParseCompilationUnit("using " + SocketsNamespace + ";" + endOfLine).Usings[0];
        if (root.Usings.Count == 0 &&
            root.Members.FirstOrDefault() is BaseNamespaceDeclarationSyntax { Usings.Count: > 0 } namespaceDeclaration)
        {
            return root.ReplaceNode(namespaceDeclaration, namespaceDeclaration.WithUsings(Insert(namespaceDeclaration.Usings, directive)));
        }

        if (root.Usings.Count > 0)
        {
            return root.WithUsings(Insert(root.Usings, directive));
        }

        // No usings yet: the file's leading comments stay on top, a blank line separates the using from the code.
        var leading = root.GetLeadingTrivia();
        var withoutLeading = root.ReplaceToken(root.GetFirstToken(includeZeroWidth: true), root.GetFirstToken(includeZeroWidth: true).WithLeadingTrivia());
        return withoutLeading.WithUsings(SyntaxFactory.SingletonList(
            directive.WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.EndOfLine(endOfLine), SyntaxFactory.EndOfLine(endOfLine))));
    }

    private static SyntaxList<UsingDirectiveSyntax> Insert(SyntaxList<UsingDirectiveSyntax> usings, UsingDirectiveSyntax directive)
    {
        // Global usings come first (CS8915); the new one goes among the ordinary ones.
        var firstOrdinary = 0;
        while (firstOrdinary < usings.Count && !usings[firstOrdinary].GlobalKeyword.IsKind(SyntaxKind.None))
        {
            firstOrdinary++;
        }

        var index = firstOrdinary;
        while (index < usings.Count && usings[index].Alias is null && usings[index].StaticKeyword.IsKind(SyntaxKind.None) &&
               CompareNamespaces(usings[index].Name?.ToString() ?? string.Empty, SocketsNamespace) < 0)
        {
            index++;
        }

        if (index == 0 && usings.Count > 0)
        {
            // The first using may carry the file header: it moves to the new first line.
            var firstLeading = usings[0].GetLeadingTrivia();
            var indentation = firstLeading.Reverse().TakeWhile(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
            return usings.Replace(usings[0], usings[0].WithLeadingTrivia(indentation)).Insert(0, directive.WithLeadingTrivia(firstLeading));
        }

        var previousIndentation = usings[index - 1].GetLeadingTrivia().Reverse().TakeWhile(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
        return usings.Insert(index, directive.WithLeadingTrivia(previousIndentation));
    }

    private static int CompareNamespaces(string left, string right)
    {
        static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
        var bySystem = IsSystem(right).CompareTo(IsSystem(left));
        return bySystem != 0 ? bySystem : string.CompareOrdinal(left, right);
    }

    /// <summary>How the fix writes SocketError and SocketException in this document, and whether it adds the using.</summary>
    private sealed class TypeNames
    {
        private TypeNames(string prefix, bool addUsing)
        {
            SocketError = prefix + "SocketError";
            SocketException = prefix + "SocketException";
            AddUsing = addUsing;
        }

        public string SocketError { get; }

        public string SocketException { get; }

        public bool AddUsing { get; }

        public static TypeNames? Decide(SemanticModel semanticModel, List<int> positions)
        {
            var socketError = semanticModel.Compilation.GetTypeByMetadataName(SocketsNamespace + ".SocketError");
            var socketException = semanticModel.Compilation.GetTypeByMetadataName(SocketsNamespace + ".SocketException");
            if (socketError is null || socketException is null)
            {
                return null;
            }

            if (positions.All(position => Binds(semanticModel, position, socketError) && Binds(semanticModel, position, socketException)))
            {
                return new TypeNames(string.Empty, addUsing: false);
            }

            // The using may not make any name of the file ambiguous: no System.Net.Sockets type name may already mean something else.
            var socketTypes = socketError.ContainingNamespace.GetTypeMembers().Where(type => type.DeclaredAccessibility == Accessibility.Public).ToList();
            var safe = positions.All(position => socketTypes.All(type =>
                semanticModel.LookupNamespacesAndTypes(position, name: type.Name).All(found => SymbolEqualityComparer.Default.Equals(found, type))));
            if (safe)
            {
                return new TypeNames(string.Empty, addUsing: true);
            }

            var systemIsGlobal = positions.All(position =>
                semanticModel.LookupNamespacesAndTypes(position, name: "System").All(found =>
                    found is INamespaceSymbol { ContainingNamespace.IsGlobalNamespace: true }));
            return new TypeNames(systemIsGlobal ? SocketsNamespace + "." : "global::" + SocketsNamespace + ".", addUsing: false);
        }

        private static bool Binds(SemanticModel semanticModel, int position, INamedTypeSymbol type)
        {
            var found = semanticModel.LookupNamespacesAndTypes(position, name: type.Name);
            return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], type);
        }
    }

    /// <summary>Node replacements of one document; a fix whose nodes overlap another fix's waits for the next pass.</summary>
    private sealed class Edits
    {
        private readonly Dictionary<SyntaxNode, SyntaxNode?> _replacements = new();

        public bool IsEmpty => _replacements.Count == 0;

        public bool TryAdd(List<(SyntaxNode Node, SyntaxNode? Replacement)> planned)
        {
            foreach (var (node, replacement) in planned)
            {
                foreach (var existing in _replacements)
                {
                    if (existing.Key == node)
                    {
                        // Two labels of one switch plan the same edit.
                        if (existing.Value?.ToFullString() != replacement?.ToFullString())
                        {
                            return false;
                        }
                    }
                    else if (existing.Key.Span.OverlapsWith(node.Span) || existing.Key.Span.Contains(node.Span) || node.Span.Contains(existing.Key.Span))
                    {
                        return false;
                    }
                }
            }

            foreach (var (node, replacement) in planned)
            {
                _replacements[node] = replacement;
            }

            return true;
        }

        /// <param name="marks">Receives, for each replaced node, the annotation its replacement carries.</param>
        public SyntaxNode Apply(SyntaxNode root, Dictionary<SyntaxNode, SyntaxAnnotation> marks)
        {
            var removal = new SyntaxAnnotation();
            foreach (var node in _replacements.Keys)
            {
                marks[node] = new SyntaxAnnotation();
            }

            var replaced = root.ReplaceNodes(_replacements.Keys, (original, _) =>
                _replacements[original]?.WithAdditionalAnnotations(marks[original]) ?? original.WithAdditionalAnnotations(removal));
            var removed = replaced.GetAnnotatedNodes(removal).ToList();
            return removed.Count == 0 ? replaced : replaced.RemoveNodes(removed, SyntaxRemoveOptions.KeepNoTrivia) ?? replaced;
        }
    }
}
