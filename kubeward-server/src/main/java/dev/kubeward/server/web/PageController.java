package dev.kubeward.server.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Maps page URLs to the static pages of the dashboard. */
@Controller
public class PageController {
  @GetMapping("/login")
  public String login() {
    return "forward:/login.html";
  }
}
