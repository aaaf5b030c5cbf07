/**
 * The marketplace (DESIGN §9): Git repositories as package sources of rules, prompt templates,
 * agents, workflows, MCP servers and settings, refreshed into private mirrors, read at a
 * pinned commit with limits and refusals, installed with a lockfile record per package and
 * uninstalled exactly. API: {@link dev.quire.market.Marketplace} ({@code Marketplace.of(store)}),
 * {@link dev.quire.market.Catalog}, {@link dev.quire.market.MarketPackage},
 * {@link dev.quire.market.Installer}'s results and options, {@link dev.quire.market.HiddenText}.
 */
package dev.quire.market;
