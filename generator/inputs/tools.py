"""usecases/tools.yaml: the groups of tools that do the same job, the suites and the vendor families."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict, model_validator

from .fields import Language, Name, Slug, StrictModel
from .translations import ToolGroupText


class ToolGroup(StrictModel):
    """Tools that do the same job; an account uses one of them."""

    id: Slug = Field(description="Id that use cases and playbooks name, such as 'chat'.")
    title: Name = Field(description="What the tools do, such as 'Chat'.")
    tools: Annotated[list[Name], Field(min_length=1)] = Field(
        description="The tools, as accounts and vendor families spell them.")
    yours: Name | None = Field(
        None, description="What documents say for an account with none of the tools and no vendor family giving "
                          "one ('your help desk tool'): no product is proposed. Without it, the title.")
    in_suite: Annotated[bool, Strict()] = Field(
        False, description="true: the vendor families' suites include a tool of this group (chat, calendar, file "
                           "storage), so an account living in one is proposed its tool. Otherwise (a CRM, a help "
                           "desk) no product is proposed to an account that uses none: the documents say 'yours'.")
    needs_own: Annotated[bool, Strict()] = Field(
        False, description="true: a use case that integrates with this group waits in the backlog at such an "
                           "account instead (its whole point is the integration).")
    translations: dict[Language, ToolGroupText] = Field(
        default_factory=dict, description="The title and 'yours' by language code (de, fr, ja).")


class Ecosystem(StrictModel):
    """One vendor's family of tools (Microsoft 365, Google Workspace): an account mostly on one gets its tools."""

    id: Slug = Field(description="Id of the ecosystem, such as 'microsoft'.")
    title: Name = Field(description="Its name, such as 'Microsoft 365'.")
    tools: Annotated[list[Name], Field(min_length=1)] = Field(description="Its tools, as the groups spell them.")


class ToolCatalog(StrictModel):
    """usecases/tools.yaml: the groups of alternative tools the library integrates with."""

    groups: Annotated[list[ToolGroup], Field(min_length=1)] = Field(description="The tool groups.")
    suites: list[Name] = Field(
        default_factory=list, description="Tools everybody at a customer works in (office documents, slides, "
                                          "spreadsheets, email, intranet): no department's use case switches one "
                                          "off, and a company-wide one only where the playbook allows it.")
    ecosystems: list[Ecosystem] = Field(
        default_factory=list, description="Vendor families: a group the account has no tool of is proposed in the "
                                          "family most of the account's tools come from, where it has one.")
    words: dict[Name, dict[Language, Name]] = Field(
        default_factory=dict, description="Words the library prints that are not names, by language code (de, fr, "
                                          "ja): tools named by kind in 'replaces' (spreadsheets) and the units of "
                                          "success metrics (runbooks). A word is written in lower case, as a name "
                                          "never is; the English stands where a language has none.")

    @model_validator(mode="after")
    def _unique(self) -> ToolCatalog:
        ids = [g.id for g in self.groups]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"tool group listed twice: {', '.join(twice)}")
        return self
