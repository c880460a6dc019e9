using System;
using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>Conventions every code fix provider in SocketAnalyzers.CodeFixes.dll keeps.</summary>
public sealed class CodeFixProviderConventionTests
{
    [Fact]
    public void Every_code_fix_provider_is_exported_shared_and_supports_fix_all()
    {
        var knownIds = new HashSet<string>(ShippedComponents.Descriptors.Select(descriptor => descriptor.Id), StringComparer.Ordinal);
        var problems = new List<string>();

        foreach (Type type in ShippedComponents.CodeFixProviderTypes)
        {
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            if (export is null)
            {
                problems.Add($"{type.Name}: missing [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof({type.Name}))]");
            }
            else
            {
                if (!export.Languages.Contains(LanguageNames.CSharp))
                {
                    problems.Add($"{type.Name}: not exported for C#");
                }

                if (export.Name != type.Name)
                {
                    problems.Add($"{type.Name}: export Name is \"{export.Name}\", expected nameof({type.Name})");
                }
            }

            if (type.GetCustomAttribute<SharedAttribute>() is null)
            {
                problems.Add($"{type.Name}: missing [Shared]");
            }

            CodeFixProvider provider = ShippedComponents.CreateCodeFixProvider(type);
            if (provider.GetFixAllProvider() is null)
            {
                problems.Add($"{type.Name}: GetFixAllProvider() returns null");
            }

            if (provider.FixableDiagnosticIds.IsEmpty)
            {
                problems.Add($"{type.Name}: fixes no diagnostic");
            }

            foreach (string id in provider.FixableDiagnosticIds.Where(id => !knownIds.Contains(id)))
            {
                problems.Add($"{type.Name}: fixes {id}, which no analyzer reports");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
